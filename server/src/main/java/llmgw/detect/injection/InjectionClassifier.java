package llmgw.detect.injection;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import llmgw.detect.Keywords;

/**
 * Logistic regression over hashed n-grams ({@link Features}): the probability that a text is a
 * prompt injection or jailbreak. Scoring a prompt takes microseconds. Weights ship as a resource,
 * made by {@link ClassifierTrainer}.
 */
public final class InjectionClassifier {
    static final String RESOURCE = "/llmgw/detect/injection/classifier.bin";
    private static final int MAGIC = 0x4C4D4731; // "LMG1"
    /** Longest stretch trained on as one text. */
    static final int WINDOW = 4096;
    /** Longest stretch scored as one text; longer input is scored in overlapping windows and the highest counts. */
    static final int SPAN = 1024;

    final float[] weights;
    final float bias;

    InjectionClassifier(float[] weights, float bias) {
        this.weights = weights;
        this.bias = bias;
    }

    /** The shipped model. */
    static final int MIN_EVIDENCE = 64;

    public static InjectionClassifier load() {
        try (InputStream in = InjectionClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("classifier weights " + RESOURCE + " are missing from the build");
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Probability of injection, the highest over half-overlapping windows of {@link #SPAN} characters:
     * harmless text around an attack cannot dilute it, and every stretch is seen whole by some window.
     */
    public double score(char[] text) {
        return score(text, null);
    }

    /**
     * The same, walking {@code keywords} over the text as the features are taken: one pass over
     * the characters serves both the classifier and the keyword search.
     */
    public double score(char[] text, Keywords.Cursor keywords) {
        Features.Walk walk = new Features.Walk(weights, null, keywords);
        if (text.length <= SPAN) {
            Features.extract(text, 0, text.length, walk);
            double p = sigmoid(bias + walk.sum * scale(walk.count));
            return p < RECHECK ? p : recheck(text, 0, text.length, walk.count, p, new Distinct(weights));
        }
        // Features are summed once per half-window block; each window adds two neighbouring blocks,
        // so overlapping windows cost no more than one pass over the text.
        int half = SPAN / 2;
        int blocks = (text.length + half - 1) / half;
        double[] sums = new double[blocks];
        int[] counts = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            Features.extract(text, b * half, Math.min(text.length, (b + 1) * half), walk);
            counts[b] = walk.count;
            sums[b] = walk.sum;
        }
        double best = 0;
        Distinct distinct = null;
        for (int b = 0; b + 1 < blocks; b++) {
            int n = counts[b] + counts[b + 1];
            double p = sigmoid(bias + (sums[b] + sums[b + 1]) * scale(n));
            if (p >= RECHECK) {
                if (distinct == null) distinct = new Distinct(weights);
                p = recheck(text, b * half, Math.min(text.length, (b + 2) * half), n, p, distinct);
            }
            best = Math.max(best, p);
        }
        return best;
    }

    /**
     * A stretch that scored {@link #RECHECK} or more is scored again with each feature counted once: every
     * occurrence adds its weight, so a text that repeats itself (a log excerpt, a table, one letter three
     * thousand times) could climb to a confident verdict on repetition alone. The new score counts only for a
     * repetitive stretch (fewer distinct features than half of all), so other text keeps the score the model
     * was trained and evaluated on; attacks keep theirs too, as they rarely rest on repetition.
     */
    private double recheck(char[] text, int from, int to, int features, double p, Distinct distinct) {
        distinct.walk(text, from, to);
        if (distinct.count * 2 > features) return p; // not repetitive: the score stands
        return Math.min(p, sigmoid(bias + distinct.sum * scale(distinct.count)));
    }

    /** The distinct features of a stretch and their summed weights; one per scoring call, reused stretch after stretch. */
    private static final class Distinct implements Features.Sink {
        private final long[] seen = new long[Features.DIM / 64];
        private final float[] weights;
        int count;
        double sum;

        Distinct(float[] weights) {
            this.weights = weights;
        }

        void walk(char[] text, int from, int to) {
            java.util.Arrays.fill(seen, 0); // rechecks are rare (a score of 0.5 or more): clearing all costs less than tracking
            count = 0;
            sum = 0;
            Features.extract(text, from, to, this);
        }

        @Override
        public void accept(int bucket) {
            long bit = 1L << bucket;
            int word = bucket >>> 6;
            if ((seen[word] & bit) != 0) return;
            seen[word] |= bit;
            count++;
            sum += weights[bucket];
        }
    }

    /** The score from which a stretch is looked at again with repeated features counted once. */
    static final double RECHECK = 0.5;

    public double score(String text) {
        return score(text.toCharArray());
    }


    /**
     * How much each feature of a text with {@code n} features counts: 1/sqrt(n), but never as if the
     * text had fewer than {@link #MIN_EVIDENCE} features, so that two or three words cannot reach a
     * confident verdict on their own ("Say hi" is not an attack).
     */
    static double scale(int n) {
        return 1 / Math.sqrt(Math.max(n, MIN_EVIDENCE));
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Weights are stored as 16-bit fixed point, gzip'd: a tenth of the size of floats, no visible loss. */
    void write(OutputStream os) throws IOException {
        float max = 1e-6f;
        for (float w : weights) max = Math.max(max, Math.abs(w));
        float scale = max / Short.MAX_VALUE;
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(os))) {
            out.writeInt(MAGIC);
            out.writeInt(weights.length);
            out.writeFloat(scale);
            out.writeFloat(bias);
            for (float w : weights) out.writeShort(Math.round(w / scale));
        }
    }

    static InjectionClassifier read(InputStream is) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(is, 1 << 16))) {
            if (in.readInt() != MAGIC) throw new IOException("not an llmgw classifier file");
            int dim = in.readInt();
            if (dim != Features.DIM) throw new IOException("classifier has " + dim + " features; this build expects " + Features.DIM);
            float scale = in.readFloat();
            float bias = in.readFloat();
            // One bulk read and plain arithmetic: a readShort per weight (two single-byte reads through the inflater)
            // took tens of milliseconds of a short command's start-up, all of it in the interpreter.
            byte[] raw = in.readNBytes(2 * dim);
            if (raw.length != 2 * dim) throw new EOFException("classifier weights end after " + raw.length / 2 + " of " + dim);
            float[] w = new float[dim];
            for (int i = 0; i < dim; i++) w[i] = (short) ((raw[2 * i] << 8) | (raw[2 * i + 1] & 0xff)) * scale; // big-endian
            return new InjectionClassifier(w, bias);
        }
    }
}
