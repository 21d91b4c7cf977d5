package llmgw.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import llmgw.api.Json;
import llmgw.detect.Fingerprinter;
import llmgw.detect.ScanEngine;
import llmgw.detect.injection.InjectionClassifier;

/**
 * Throughput of the detection engine, single-threaded, full default rule set:
 * (a) ordinary prose and code, (b) text dense with PII and secrets, (c) inputs built to make
 * backtracking regex engines blow up, at growing sizes to show the time stays linear.
 * Run: scripts/bench-scan.sh (results go in docs/BENCHMARKS.md). Median of 7 runs after a 15 s warm-up.
 */
public final class ScanBenchmark {
    private static final ScanEngine ENGINE = ScanEngine.standard(Fingerprinter.ephemeral());
    private static long sink;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        String prose = proseAndCode(root);
        String dense = dense(root.resolve("server/src/test/resources/eval"));
        System.out.printf("corpus: prose+code %.1f MB, dense %.1f MB%n", prose.length() / 1e6, dense.length() / 1e6);
        System.out.printf("(a) 1-KB windows (half-overlapping) the injection classifier scores 0.5 or more: %d of %d%n",
                suspiciousWindows(prose, 8000), Math.min(8000, prose.length() / 512 - 1));
        warm(prose, dense);
        System.out.printf("(a) prose and code      %8.1f MB/s%n", mbPerSecond(prose, 7));
        System.out.printf("    same, without the injection detectors (what the response guard runs) %8.1f MB/s%n", mbPerSecondData(prose, 7));
        System.out.printf("(b) dense PII/secrets   %8.1f MB/s%n", mbPerSecond(dense, 7));
        System.out.println("(c) adversarial inputs: ms per size, and the ratio 1 MB / 256 KB (4.0 = linear)");
        for (String[] adv : adversarial()) {
            double t256 = millis(repeat(adv[1], 256 * 1024), 3);
            double t1m = millis(repeat(adv[1], 1024 * 1024), 3);
            System.out.printf("    %-28s 256 KB %8.1f ms   1 MB %8.1f ms   ratio %4.1f%n", adv[0], t256, t1m, t1m / t256);
        }
        if (sink == 42) System.out.println();
    }

    /**
     * Code: the JDK's own java.util and java.lang sources (from the running JDK's src.zip); prose: the
     * benign prompts of the evaluation sets. Not this project's sources: its rule tables are full of
     * the very keywords the prefilters look for, which no ordinary text is.
     */
    static String proseAndCode(Path root) throws IOException {
        StringBuilder sb = new StringBuilder();
        Path src = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        if (Files.exists(src)) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(src.toFile())) {
                for (var e : java.util.Collections.list(zip.entries())) {
                    String name = e.getName();
                    if ((name.startsWith("java.base/java/util/") || name.startsWith("java.base/java/lang/")) && name.endsWith(".java")
                            && sb.length() < 3_000_000) {
                        sb.append(new String(zip.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
        } else {
            try (Stream<Path> files = Files.walk(root.resolve("server/src/main/java/llmgw/http"))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) sb.append(Files.readString(p));
            }
        }
        for (String name : List.of("deepset_train.jsonl", "jailbreak_train.jsonl")) {
            for (String line : Files.readAllLines(root.resolve("server/src/test/resources/eval/injection").resolve(name))) {
                JsonNode n = Json.MAPPER.readTree(line);
                if (n.path("label").asInt() == 0) sb.append(n.path("text").asText()).append("\n\n");
            }
        }
        return repeat(sb.toString(), 4 * 1024 * 1024);
    }

    static String dense(Path eval) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (JsonNode row : Json.MAPPER.readTree(Files.readString(eval.resolve("pii/presidio_generated_large.json")))) {
            sb.append(row.path("full_text").asText()).append('\n');
        }
        for (String line : Files.readAllLines(eval.resolve("secrets/noseyparker_examples.jsonl"))) {
            sb.append(Json.MAPPER.readTree(line).path("text").asText()).append('\n');
        }
        return repeat(sb.toString(), 2 * 1024 * 1024);
    }

    static List<String[]> adversarial() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"'a' run (email local part)", "a"});
        out.add(new String[] {"'a.' run (email domain)", "a."});
        out.add(new String[] {"'@a' repeated", "@a"});
        out.add(new String[] {"digits and dashes", "1-"});
        out.add(new String[] {"digit-space groups", "1234 "});
        out.add(new String[] {"hex and colons", "a:"});
        out.add(new String[] {"base64-ish run", "QUJD"});
        out.add(new String[] {"'eyJ' repeated", "eyJ"});
        out.add(new String[] {"PEM headers, no END", "-----BEGIN RSA PRIVATE KEY-----\n"});
        out.add(new String[] {"'ignore ' repeated", "ignore "});
        out.add(new String[] {"'password=' repeated", "password="});
        out.add(new String[] {"'sk-' repeated", "sk-"});
        return out;
    }

    /** How many of the first {@code max} 1,024-character windows, 512 apart, the classifier scores 0.5 or more: how often ordinary text looks like an attack. */
    static int suspiciousWindows(String text, int max) {
        InjectionClassifier model = InjectionClassifier.load();
        char[] t = text.toCharArray();
        int found = 0;
        for (int i = 0, n = 0; i + 1024 <= t.length && n < max; i += 512, n++) {
            if (model.score(java.util.Arrays.copyOfRange(t, i, i + 1024)) >= 0.5) found++;
        }
        return found;
    }

    /** Whole-corpus scans for 15 s: the JIT compiles the long loops with the profile they will run under. */
    static void warm(String prose, String dense) {
        long end = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < end) {
            sink += ENGINE.scan(prose).findings().size();
            sink += ENGINE.scanData(prose).findings().size();
            sink += ENGINE.scan(dense).findings().size();
        }
    }

    static double mbPerSecondData(String text, int runs) {
        return text.length() / 1e6 / (millis(text, runs, ENGINE::scanData) / 1000);
    }

    static double mbPerSecond(String text, int runs) {
        return text.length() / 1e6 / (millis(text, runs) / 1000);
    }

    static double millis(String text, int runs) {
        return millis(text, runs, ENGINE::scan);
    }

    /** The median of several runs, in milliseconds. */
    static double millis(String text, int runs, java.util.function.Function<String, llmgw.detect.ScanResult> scan) {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            sink += scan.apply(text).findings().size();
            t[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[runs / 2];
    }

    static String repeat(String unit, int length) {
        StringBuilder sb = new StringBuilder(length + unit.length());
        while (sb.length() < length) sb.append(unit);
        sb.setLength(length);
        return sb.toString();
    }
}
