package llmgw.detect;

import java.util.Arrays;

/**
 * Maps positions in sanitized text back to the original. Stored sparsely, as the points where the
 * distance between the two changes: a long text with a handful of removed characters costs a
 * handful of entries, not an int for every character.
 */
final class OffsetMap {
    private int[] at = new int[16];     // sanitized index where a new shift starts
    private int[] shift = new int[16];  // original index minus sanitized index from there on
    private int size;

    /** Records that sanitized character {@code sanitized} came from original character {@code original}. */
    void mark(int sanitized, int original) {
        int d = original - sanitized;
        if (size > 0 && shift[size - 1] == d) return;
        if (size == at.length) {
            at = Arrays.copyOf(at, size * 2);
            shift = Arrays.copyOf(shift, size * 2);
        }
        at[size] = sanitized;
        shift[size++] = d;
    }

    int toOriginal(int sanitized) {
        int i = Arrays.binarySearch(at, 0, size, sanitized);
        if (i < 0) i = -i - 2;
        return sanitized + (i < 0 ? 0 : shift[i]);
    }
}
