package llmgw.cli.scan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.cli.VersionProvider;
import llmgw.detect.Finding;
import llmgw.detect.Severity;

/** The three output formats of {@code llmgw scan}: linter lines, JSON, SARIF 2.1.0. */
final class Reports {
    private Reports() {}

    static void text(PrintWriter out, List<FileFindings> files) {
        for (FileFindings file : files) {
            for (Finding f : file.findings()) {
                FileFindings.Position p = file.position(f.start());
                out.printf("%s:%d:%d  %-6s  %-36s  %s%n", file.name(), p.line(), p.column(), f.severity().wireName(), f.ruleId(),
                        FileFindings.message(f, file.masked(f)));
            }
        }
    }

    static void json(PrintWriter out, List<FileFindings> files, Severity failOn) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("files_scanned", files.size());
        ArrayNode results = root.putArray("findings");
        int failing = 0;
        for (FileFindings file : files) {
            for (Finding f : file.findings()) {
                FileFindings.Position start = file.position(f.start());
                FileFindings.Position end = file.position(f.end());
                ObjectNode n = results.addObject();
                n.put("file", file.name());
                n.put("line", start.line());
                n.put("column", start.column());
                n.put("end_line", end.line());
                n.put("end_column", end.column());
                n.put("rule", f.ruleId());
                n.put("category", f.category().wireName());
                n.put("entity", f.entity());
                n.put("severity", f.severity().wireName());
                n.put("score", Math.round(f.score() * 1000) / 1000.0);
                n.put("masked", file.masked(f));
                if (f.fingerprint() != null) n.put("fingerprint", f.fingerprint());
                if (f.severity().compareTo(failOn) >= 0) failing++;
            }
        }
        ObjectNode scores = root.putObject("injection_scores");
        for (FileFindings file : files) scores.put(file.name(), Math.round(file.injectionScore() * 1000) / 1000.0);
        root.put("failing_findings", failing);
        out.println(root.toPrettyString());
    }

    static void sarif(PrintWriter out, List<FileFindings> files) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "llmgw");
        driver.put("version", VersionProvider.version());
        driver.put("semanticVersion", VersionProvider.version());
        Map<String, Finding> rules = new LinkedHashMap<>();
        for (FileFindings file : files) for (Finding f : file.findings()) rules.putIfAbsent(f.ruleId(), f);
        ArrayNode ruleNodes = driver.putArray("rules");
        for (Finding f : rules.values()) {
            ObjectNode r = ruleNodes.addObject();
            r.put("id", f.ruleId());
            r.put("name", f.entity());
            r.putObject("shortDescription").put("text", f.category().wireName() + ": " + f.entity());
            r.putObject("defaultConfiguration").put("level", level(f.severity()));
            r.putObject("properties").put("category", f.category().wireName());
        }
        ArrayNode results = run.putArray("results");
        for (FileFindings file : files) {
            for (Finding f : file.findings()) {
                FileFindings.Position start = file.position(f.start());
                FileFindings.Position end = file.position(f.end());
                ObjectNode res = results.addObject();
                res.put("ruleId", f.ruleId());
                res.put("level", level(f.severity()));
                res.putObject("message").put("text", FileFindings.message(f, file.masked(f)));
                ObjectNode region = res.putArray("locations").addObject().putObject("physicalLocation");
                region.putObject("artifactLocation").put("uri", file.name());
                ObjectNode reg = region.putObject("region");
                reg.put("startLine", start.line());
                reg.put("startColumn", start.column());
                reg.put("endLine", end.line());
                reg.put("endColumn", end.column());
                if (f.fingerprint() != null) res.putObject("partialFingerprints").put("llmgwValue/v1", f.fingerprint());
            }
        }
        out.println(root.toPrettyString());
    }

    static String level(Severity s) {
        return switch (s) {
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "note";
        };
    }
}
