package llmgw.detect.injection;

import llmgw.detect.Keywords;

/**
 * Hashed n-gram features of a text: lower-cased word unigrams and bigrams and character 4-grams,
 * each hashed into {@link #DIM} buckets. No strings are built; a pass costs a few nanoseconds a character.
 */
final class Features {
    static final int BITS = 16;
    static final int DIM = 1 << BITS;

    /** Receives each feature's bucket. */
    interface Sink {
        void accept(int bucket);
    }

    private static final boolean[] WORD = new boolean[128];
    /** Lower case and letter-or-digit for every BMP character, looked up rather than computed per character. */
    private static final char[] LOWER = new char[65536];
    private static final long[] LETTER = new long[1024];

    static {
        for (int c = 0; c < 65536; c++) {
            LOWER[c] = Character.toLowerCase((char) c);
            if (Character.isLetterOrDigit(c)) LETTER[c >>> 6] |= 1L << c;
        }
        for (char c = 'a'; c <= 'z'; c++) WORD[c] = true;
        for (char c = '0'; c <= '9'; c++) WORD[c] = true;
    }

    private Features() {}

    /** Feeds every feature of {@code text} to {@code sink}; returns how many there were. */
    static int extract(char[] text, int from, int to, Sink sink) {
        Walk w = new Walk(null, sink, null);
        extract(text, from, to, w);
        return w.count;
    }

    /**
     * One stretch of a walk over a text: either summing the weights of its features (scoring) or
     * handing each to a sink (training), optionally stepping a keyword search over each character
     * as it goes, so that one walk serves both. The search's state carries from stretch to stretch.
     */
    static final class Walk {
        final float[] weights;
        final Sink sink;
        final Keywords.Cursor keywords;
        int keywordState;
        int count;
        double sum;

        Walk(float[] weights, Sink sink, Keywords.Cursor keywords) {
            this.weights = weights;
            this.sink = sink;
            this.keywords = keywords;
        }
    }

    /** Walks {@code text[from, to)}, adding to {@code walk}'s count and sum (or feeding its sink). */
    static void extract(char[] text, int from, int to, Walk walk) {
        float[] weights = walk.weights;
        Sink sink = walk.sink;
        Keywords.Cursor keywords = walk.keywords;
        double sum = 0;
        int count = 0;
        int ks = walk.keywordState;
        int gram = 0; // the last four characters, 8 bits each
        int gramLen = 0;
        int word = 0;
        int prevWord = 0;
        boolean inWord = false;
        boolean lastSpace = true;
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (keywords != null) ks = keywords.next(ks, i, c);
            boolean letter;
            if (c < 0x80) {
                if (c >= 'A' && c <= 'Z') c += 32;
                letter = WORD[c];
            } else {
                c = LOWER[c];
                letter = (LETTER[c >>> 6] & (1L << c)) != 0;
            }
            if (!letter && lastSpace) continue; // runs of spaces and punctuation count once
            char g = letter ? c : ' ';
            lastSpace = !letter;
            gram = (gram << 8) | (g & 0xFF);
            if (++gramLen >= 4) {
                sum += feature(bucket(gram, 1), weights, sink);
                count++;
            }
            if (letter) {
                word = inWord ? word * 31 + c : c;
                inWord = true;
            } else if (inWord) { // a word ended: the word, and the pair it makes with the one before
                sum += feature(bucket(word, 2), weights, sink);
                if (prevWord != 0) sum += feature(bucket(prevWord * 0x01000193 ^ word, 3), weights, sink);
                count += prevWord != 0 ? 2 : 1;
                prevWord = word;
                inWord = false;
            }
        }
        if (inWord) { // the last word, ended by the end of the range
            sum += feature(bucket(word, 2), weights, sink);
            if (prevWord != 0) sum += feature(bucket(prevWord * 0x01000193 ^ word, 3), weights, sink);
            count += prevWord != 0 ? 2 : 1;
        }
        walk.keywordState = ks;
        walk.count = count;
        walk.sum = sum;
    }

    /** A feature's weight when scoring; when training, the feature goes to the sink and weighs nothing here. */
    private static double feature(int bucket, float[] weights, Sink sink) {
        if (weights != null) return weights[bucket];
        sink.accept(bucket);
        return 0;
    }

    /**
     * Fibonacci hashing of a feature and its kind, so unigrams, bigrams and 4-grams do not share
     * buckets by design: one multiply, the top bits kept.
     */
    static int bucket(int h, int kind) {
        return ((h + kind * 0x61C88647) * 0x9E3779B1) >>> (32 - BITS);
    }
}
