package llmgw.cli.scan;

import java.util.Arrays;
import java.util.List;
import llmgw.detect.Finding;

/** One scanned text's findings, with line and column for each. */
final class FileFindings {
    private final String name;
    private final String text;
    private final List<Finding> findings;
    private final double injectionScore;
    private final int[] lineStarts;

    FileFindings(String name, String text, List<Finding> findings, double injectionScore) {
        this.name = name;
        this.text = text;
        this.findings = findings;
        this.injectionScore = injectionScore;
        int n = 1;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        lineStarts = new int[n];
        for (int i = 0, k = 1; i < text.length(); i++) if (text.charAt(i) == '\n') lineStarts[k++] = i + 1;
    }

    String name() { return name; }
    String text() { return text; }
    List<Finding> findings() { return findings; }
    double injectionScore() { return injectionScore; }

    /** 1-based line and column of an offset. */
    record Position(int line, int column) {}

    Position position(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        int line = i >= 0 ? i : -i - 2;
        return new Position(line + 1, offset - lineStarts[line] + 1);
    }

    /** A hint of the value for a human, never the value: its first two characters and its length. */
    String masked(Finding f) {
        if (f.category() == llmgw.detect.Category.INJECTION) return "";
        String v = text.substring(f.start(), f.end());
        String head = v.length() <= 6 ? "" : v.substring(0, 2).replaceAll("\\s", " ");
        return head + "…(" + v.length() + " chars)";
    }

    static String message(Finding f, String masked) {
        return switch (f.category()) {
            case INJECTION -> (f.ruleId().equals("inj.classifier") ? "reads like a prompt injection or jailbreak"
                    : "possible prompt injection: " + f.entity().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                    + String.format(" (score %.2f)", f.score());
            default -> f.entity() + " " + masked;
        };
    }
}
