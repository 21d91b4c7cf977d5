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
            return sigmoid(bias + walk.sum * scale(walk.count));
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
        for (int b = 0; b + 1 < blocks; b++) {
            int n = counts[b] + counts[b + 1];
            best = Math.max(best, sigmoid(bias + (sums[b] + sums[b + 1]) * scale(n)));
        }
        return best;
    }

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
