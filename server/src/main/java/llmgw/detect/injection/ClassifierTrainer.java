package llmgw.detect.injection;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import llmgw.api.Json;

/**
 * Trains the injection classifier from JSON-lines files of {@code {"text", "label"}} (1 = injection).
 * A fifth of the examples, chosen by a hash of their text, is held out for validation and never
 * trained on, so the figures it prints are honest. Run it with scripts/train-injection-classifier.sh.
 */
public final class ClassifierTrainer {
    private static final int EPOCHS = 20;
    private static final double RATE = 0.5;
    private static final double L2 = 1e-6;

    /** One labeled example. */
    public record Example(String text, boolean injection) {}

    private ClassifierTrainer() {}

    /** The held-out fifth: stable across runs and machines, since it depends on the text alone. */
    public static boolean isValidation(String text) {
        return Math.floorMod(text.hashCode() * 0x9E3779B1, 5) == 0;
    }

    public static List<Example> read(Path jsonl) throws IOException {
        List<Example> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            JsonNode n = Json.MAPPER.readTree(line);
            out.add(new Example(n.path("text").asText(), n.path("label").asInt() == 1));
        }
        return out;
    }

    /** Logistic regression by AdaGrad, features scaled by 1/sqrt(count) as at scoring time. */
    static InjectionClassifier train(List<Example> examples, long seed) {
        float[] w = new float[Features.DIM];
        float[] g2 = new float[Features.DIM];
        double bias = 0;
        double biasG2 = 0;
        List<Example> order = new ArrayList<>(examples);
        Random random = new Random(seed);
        int[] buckets = new int[1 << 16];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Collections.shuffle(order, random);
            for (Example ex : order) {
                int[] count = {0};
                char[] text = ex.text().toCharArray();
                int n = Features.extract(text, 0, Math.min(text.length, InjectionClassifier.WINDOW), b -> {
                    if (count[0] < buckets.length) buckets[count[0]++] = b;
                });
                double norm = InjectionClassifier.scale(n);
                double z = bias;
                for (int i = 0; i < count[0]; i++) z += w[buckets[i]] * norm;
                double grad = InjectionClassifier.sigmoid(z) - (ex.injection() ? 1 : 0);
                for (int i = 0; i < count[0]; i++) {
                    int b = buckets[i];
                    double g = grad * norm + L2 * w[b];
                    g2[b] += (float) (g * g);
                    w[b] -= (float) (RATE * g / Math.sqrt(g2[b] + 1e-8));
                }
                biasG2 += grad * grad;
                bias -= RATE * grad / Math.sqrt(biasG2 + 1e-8);
            }
        }
        return new InjectionClassifier(w, (float) bias);
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        List<Example> all = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--data" -> all.addAll(read(Path.of(args[++i])));
                default -> throw new IllegalArgumentException("usage: ClassifierTrainer --data FILE.jsonl [--data ...] --out classifier.bin");
            }
        }
        if (out == null || all.isEmpty()) throw new IllegalArgumentException("usage: ClassifierTrainer --data FILE.jsonl [--data ...] --out classifier.bin");
        List<Example> train = all.stream().filter(e -> !isValidation(e.text())).toList();
        List<Example> validation = all.stream().filter(e -> isValidation(e.text())).toList();
        InjectionClassifier model = train(train, 42);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(out)) {
            model.write(os);
        }
        System.out.printf("trained on %d examples, validated on %d held out%n", train.size(), validation.size());
        for (double threshold : new double[] {0.3, 0.5, 0.7}) {
            System.out.println("threshold " + threshold + ": " + BinaryMetrics.of(validation, e -> model.score(e.text()) >= threshold));
        }
        System.out.println("wrote " + out);
    }
}
