package llmgw.detect.injection;

import java.util.List;
import java.util.function.Predicate;

/** Precision, recall, F1 and false-positive rate of a yes/no detector on labeled examples. */
public record BinaryMetrics(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    public static BinaryMetrics of(List<ClassifierTrainer.Example> examples, Predicate<ClassifierTrainer.Example> flagged) {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (ClassifierTrainer.Example e : examples) {
            boolean f = flagged.test(e);
            if (e.injection()) {
                if (f) tp++;
                else fn++;
            } else if (f) {
                fp++;
            } else {
                tn++;
            }
        }
        return new BinaryMetrics(tp, fp, tn, fn);
    }

    public double precision() {
        return truePositives + falsePositives == 0 ? 0 : truePositives / (double) (truePositives + falsePositives);
    }

    public double recall() {
        return truePositives + falseNegatives == 0 ? 0 : truePositives / (double) (truePositives + falseNegatives);
    }

    public double f1() {
        double p = precision(), r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double falsePositiveRate() {
        return falsePositives + trueNegatives == 0 ? 0 : falsePositives / (double) (falsePositives + trueNegatives);
    }

    @Override
    public String toString() {
        return String.format("precision %.3f  recall %.3f  F1 %.3f  FPR %.3f  (tp %d fp %d tn %d fn %d)",
                precision(), recall(), f1(), falsePositiveRate(), truePositives, falsePositives, trueNegatives, falseNegatives);
    }
}
