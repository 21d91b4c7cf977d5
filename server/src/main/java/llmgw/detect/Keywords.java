package llmgw.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of many lower-case ASCII literals in one pass (Aho-Corasick), so that
 * prefiltering fifty rules costs one walk over the text rather than fifty.
 */
public final class Keywords {
    /** Receives an occurrence: which literal, and where it starts. */
    interface Hit {
        void at(int literal, int start);
    }

    private static final int ALPHABET = 128;
    private static final int OUTPUT = 0x80000000;
    private static final int STATE = 0x7FFFFFFF;
    private final int[] delta;      // the DFA, one row of ALPHABET entries per state, flattened for speed
    private final int[][] outputs;  // literals ending in each state
    private final int[] lengths;

    Keywords(List<String> literals) {
        List<int[]> trie = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        trie.add(newState());
        out.add(new ArrayList<>());
        lengths = new int[literals.size()];
        for (int i = 0; i < literals.size(); i++) {
            String lit = literals.get(i);
            lengths[i] = lit.length();
            int s = 0;
            for (int k = 0; k < lit.length(); k++) {
                int c = lit.charAt(k);
                if (c >= ALPHABET) throw new IllegalArgumentException("keyword literals are ASCII: " + lit);
                if (trie.get(s)[c] <= 0) {
                    trie.add(newState());
                    out.add(new ArrayList<>());
                    trie.get(s)[c] = trie.size() - 1;
                }
                s = trie.get(s)[c];
            }
            out.get(s).add(i);
        }
        int n = trie.size();
        int[][] next = trie.toArray(new int[n][]);
        int[] fail = new int[n];
        int[] queue = new int[n];
        int head = 0, tail = 0;
        for (int c = 0; c < ALPHABET; c++) {
            if (next[0][c] > 0) {
                fail[next[0][c]] = 0;
                queue[tail++] = next[0][c];
            } else {
                next[0][c] = 0;
            }
        }
        while (head < tail) {
            int s = queue[head++];
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < ALPHABET; c++) {
                int t = next[s][c];
                if (t > 0) {
                    fail[t] = next[fail[s]][c];
                    queue[tail++] = t;
                } else {
                    next[s][c] = next[fail[s]][c];
                }
            }
        }
        outputs = new int[n][];
        for (int s = 0; s < n; s++) outputs[s] = out.get(s).stream().mapToInt(Integer::intValue).toArray();
        delta = new int[n * ALPHABET];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < ALPHABET; c++) {
                // Upper-case letters step like lower-case ones: the text needs no lower-cased copy.
                int t = next[s][c >= 'A' && c <= 'Z' ? c + 32 : c];
                delta[s * ALPHABET + c] = outputs[t].length > 0 ? t | OUTPUT : t; // the sign bit says "a keyword ends here"
            }
        }
    }

    private static int[] newState() {
        int[] row = new int[ALPHABET];
        Arrays.fill(row, -1);
        return row;
    }

    /** Finds the literals in {@code text}, ignoring ASCII case. */
    void find(char[] text, Hit hit) {
        int s = 0;
        int[] d = delta;
        for (int i = 0, n = text.length; i < n; i++) {
            char c = text[i];
            s = c < ALPHABET ? d[(s & STATE) * ALPHABET + c] : 0;
            if (s < 0) for (int literal : outputs[s & STATE]) hit.at(literal, i - lengths[literal] + 1);
        }
    }

    public Cursor cursor() {
        return new Cursor();
    }

    /**
     * The same search driven one character at a time by another pass over the text (the injection
     * classifier's), so that both run in one walk; hits are kept in order for {@link RegexDetector}.
     * The caller keeps the state in a local: {@code s = cursor.next(s, i, c)}.
     */
    public final class Cursor {
        private int[] hits = new int[64]; // literal, start, literal, start, ...
        private int size;

        public int next(int s, int i, char c) {
            s = c < ALPHABET ? delta[(s & STATE) * ALPHABET + c] : 0;
            if (s < 0) record(s, i);
            return s;
        }

        private void record(int s, int i) {
            for (int literal : outputs[s & STATE]) {
                if (size + 2 > hits.length) hits = Arrays.copyOf(hits, hits.length * 2);
                hits[size++] = literal;
                hits[size++] = i - lengths[literal] + 1;
            }
        }

        void replay(Hit hit) {
            for (int k = 0; k < size; k += 2) hit.at(hits[k], hits[k + 1]);
        }
    }
}
