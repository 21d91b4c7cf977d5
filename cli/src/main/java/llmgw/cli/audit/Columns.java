package llmgw.cli.audit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import llmgw.stage.audit.AuditRecord;

/** The aligned text layout of {@code audit tail}. */
final class Columns {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String FORMAT = "%-19s  %3s  %-5s  %-12s  %-12s  %-16s  %6s  %11s  %-3s  %-28s  %s";

    private Columns() {}

    static String header() {
        return String.format(FORMAT, "TIME", "ST", "DEC", "TENANT", "SUBJECT", "MODEL", "MS", "TOKENS", "SSE", "REQUEST ID", "REASONS");
    }

    static String row(AuditRecord r) {
        return String.format(FORMAT,
                TIME.format(Instant.ofEpochMilli(r.timeMillis())),
                r.status(),
                fit(r.decision(), 5),
                fit(r.tenant(), 12),
                fit(r.subject(), 12),
                fit(r.model(), 16),
                r.latencyMs(),
                r.promptTokens() + "/" + r.completionTokens(),
                r.streamed() ? "yes" : "no",
                fit(r.requestId(), 28),
                r.detectionSummary() == null ? String.join(",", r.reasons())
                        : String.join(",", r.reasons()) + (r.reasons().isEmpty() ? "" : "; ") + "found " + r.detectionSummary());
    }

    /** Cuts long values so columns stay aligned; a cut value ends in '~'. */
    private static String fit(String s, int width) {
        if (s == null) return "-";
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
