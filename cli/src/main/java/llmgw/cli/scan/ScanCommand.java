package llmgw.cli.scan;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import llmgw.cli.Env;
import llmgw.config.ConfigException;
import llmgw.config.ConfigLoader;
import llmgw.detect.Category;
import llmgw.detect.Finding;
import llmgw.detect.Fingerprinter;
import llmgw.detect.ScanEngine;
import llmgw.detect.ScanResult;
import llmgw.detect.Severity;
import llmgw.detect.custom.CustomRule;
import llmgw.detect.redact.Placeholders;
import llmgw.detect.redact.Redactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scan", header = "Scan files for PII, secrets and prompt injection, like a linter.",
        mixinStandardHelpOptions = true,
        description = {"Runs the gateway's detection engine over files, directories (recursively, skipping binary files and",
                "what .llmgwignore lists) or standard input, and prints file:line:col  severity  rule  message.",
                "Values are masked in every format. Fingerprints are keyed per run."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Nothing at or above --fail-on.", "1:Findings at or above --fail-on.", "2:An error (unreadable path, bad rules file)."},
        footer = {"%nExamples:",
                "  llmgw scan prompts/",
                "  llmgw scan --format sarif --fail-on high . > llmgw.sarif",
                "  git diff | llmgw scan --only secrets -",
                "  llmgw scan --redact notes.txt > notes.redacted.txt",
                "  llmgw scan --rules company-rules.yaml docs/"})
public final class ScanCommand implements Callable<Integer> {
    static final int CLEAN = 0;
    static final int FOUND = 1;
    static final int ERROR = 2;
    private static final int PROGRESS_FROM = 20;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or directories; '-' or nothing reads standard input.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--fail-on", defaultValue = "low", description = "Lowest severity that makes the exit code 1: low, medium or high (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--rules", paramLabel = "FILE", description = "Extra rules: YAML with a 'rules:' list (name, pattern, action, severity, entity).")
    Path rulesFile;

    @Option(names = "--redact", description = "Write the input with findings replaced by placeholders to standard output (one input only).")
    boolean redact;

    @Option(names = "--only", split = ",", paramLabel = "KIND", description = "Only these detectors: pii, secrets, injection (default: all).")
    List<String> only;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return scan(spec.commandLine().getOut(), err);
        } catch (IOException | ConfigException | IllegalArgumentException e) {
            err.println("llmgw: " + e.getMessage().replace("\n", "\n  "));
            return ERROR;
        }
    }

    private int scan(PrintWriter out, PrintWriter err) throws IOException {
        Severity threshold = Severity.parse(failOn);
        if (!List.of("text", "json", "sarif").contains(format)) throw new IllegalArgumentException("--format is '" + format + "'; use text, json or sarif");
        ScanEngine engine = ScanEngine.create(categories(), rules(), Fingerprinter.ephemeral());
        boolean stdin = paths.isEmpty() || paths.equals(List.of("-"));
        List<Path> files = stdin ? List.of() : ScanInputs.expand(paths.stream().map(Path::of).toList());
        if (redact && (stdin ? 1 : files.size()) != 1) throw new IllegalArgumentException("--redact takes exactly one file or standard input");

        List<FileFindings> results = new ArrayList<>();
        if (stdin) {
            results.add(scanText(engine, "<stdin>", new String(System.in.readAllBytes(), StandardCharsets.UTF_8)));
        } else {
            Progress progress = new Progress(err, files.size() >= PROGRESS_FROM && isTerminal(), files.size());
            for (Path file : files) {
                progress.next(file);
                // Bytes that are not UTF-8 become U+FFFD: one odd file must not stop a scan of a tree.
                results.add(scanText(engine, file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
            }
            progress.done();
        }
        long failing = results.stream().flatMap(r -> r.findings().stream()).filter(f -> f.severity().compareTo(threshold) >= 0).count();
        if (redact) {
            FileFindings only = results.getFirst();
            List<Finding> data = only.findings().stream().filter(f -> f.category() != Category.INJECTION).toList();
            out.print(Redactor.apply(only.text(), data, new Placeholders()));
            out.flush();
            err.println("llmgw: " + data.size() + " value(s) redacted, " + failing + " finding(s) at or above " + threshold.wireName());
        } else {
            switch (format) {
                case "json" -> Reports.json(out, results, threshold);
                case "sarif" -> Reports.sarif(out, results);
                default -> Reports.text(out, results);
            }
        }
        out.flush();
        return failing > 0 ? FOUND : CLEAN;
    }

    /** The gateway's default injection threshold: above it a text reads as an attack even without a matching pattern. */
    private static final double CLASSIFIER_THRESHOLD = 0.7;

    private static FileFindings scanText(ScanEngine engine, String name, String text) {
        ScanResult r = engine.scan(text);
        List<Finding> findings = r.findings();
        if (r.classifierScore() >= CLASSIFIER_THRESHOLD && r.injectionFindings().isEmpty()) {
            findings = new ArrayList<>(findings);
            // Medium, not high: a statistical judgment with no pattern behind it (text about injection can trip it).
            findings.add(0, new Finding("inj.classifier", Category.INJECTION, "INJECTION", Severity.MEDIUM, 0, text.length(),
                    r.classifierScore(), null));
        }
        return new FileFindings(name, text, findings, r.injectionScore());
    }

    private EnumSet<Category> categories() {
        if (only == null || only.isEmpty()) return EnumSet.of(Category.PII, Category.SECRET, Category.INJECTION);
        EnumSet<Category> set = EnumSet.noneOf(Category.class);
        for (String kind : only) {
            switch (kind.trim().toLowerCase(Locale.ROOT)) {
                case "pii" -> set.add(Category.PII);
                case "secret", "secrets" -> set.add(Category.SECRET);
                case "injection" -> set.add(Category.INJECTION);
                default -> throw new IllegalArgumentException("--only takes pii, secrets or injection, not '" + kind + "'");
            }
        }
        return set;
    }

    private List<CustomRule> rules() throws IOException {
        if (rulesFile == null) return List.of();
        if (!Files.isRegularFile(rulesFile)) throw new IOException(rulesFile + ": no such file");
        Env env = (Env) spec.root().userObject();
        try {
            return new ConfigLoader(env.vars()).parseRules(Files.readString(rulesFile));
        } catch (ConfigException e) {
            throw new ConfigException(rulesFile + ": " + e.getMessage());
        }
    }

    private static boolean isTerminal() {
        return System.console() != null && System.console().isTerminal();
    }
}
