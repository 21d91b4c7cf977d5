package llmgw.detect;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.detect.injection.BinaryMetrics;
import llmgw.detect.injection.ClassifierTrainer;
import llmgw.detect.injection.ClassifierTrainer.Example;
import org.junit.jupiter.api.Test;

/**
 * The detectors against the labeled evaluation sets in src/test/resources/eval. The floors sit a
 * little under the measured figures (docs/BENCHMARKS.md), so a regression fails the build.
 */
class DetectorEvaluationTest {
    static final ScanEngine ENGINE = ScanEngine.standard(Fingerprinter.ephemeral());
    static final Path EVAL = Path.of("src/test/resources/eval");
    static final double THRESHOLD = 0.5;

    static List<Example> injectionValidation() throws IOException {
        List<Example> all = new ArrayList<>();
        all.addAll(ClassifierTrainer.read(EVAL.resolve("injection/deepset_train.jsonl")));
        all.addAll(ClassifierTrainer.read(EVAL.resolve("injection/jailbreak_train.jsonl")));
        return all.stream().filter(e -> ClassifierTrainer.isValidation(e.text())).toList();
    }

    @Test
    void injectionOnHeldOutExamples() throws IOException {
        List<Example> validation = injectionValidation();
        BinaryMetrics patterns = BinaryMetrics.of(validation, e -> ENGINE.scan(e.text()).findings().stream()
                .anyMatch(f -> f.category() == Category.INJECTION && f.score() >= THRESHOLD));
        BinaryMetrics classifier = BinaryMetrics.of(validation, e -> ENGINE.scan(e.text()).classifierScore() >= THRESHOLD);
        BinaryMetrics combined = BinaryMetrics.of(validation, e -> ENGINE.scan(e.text()).injectionScore() >= THRESHOLD);
        System.out.println("injection patterns   " + patterns);
        System.out.println("injection classifier " + classifier);
        System.out.println("injection combined   " + combined);
        System.out.println("injection combined at the gateway's default threshold 0.7   "
                + BinaryMetrics.of(validation, e -> ENGINE.scan(e.text()).injectionScore() >= 0.7));
        assertTrue(patterns.precision() >= 0.80, patterns.toString());
        assertTrue(combined.f1() >= 0.88, combined.toString());
        assertTrue(combined.falsePositiveRate() <= 0.10, combined.toString());
    }

    /** Code, logs, tables and text full of personal data that people paste into prompts (the held-out fifth): none is an attack, so every hit is a false positive. */
    @Test
    void injectionOnBenignPastes() throws IOException {
        List<Example> validation = ClassifierTrainer.read(EVAL.resolve("injection/benign_pastes.jsonl")).stream()
                .filter(e -> ClassifierTrainer.isValidation(e.text())).toList();
        BinaryMetrics classifier = BinaryMetrics.of(validation, e -> ENGINE.scan(e.text()).classifierScore() >= THRESHOLD);
        BinaryMetrics atDefault = BinaryMetrics.of(validation, e -> ENGINE.scan(e.text()).injectionScore() >= 0.7);
        System.out.println("injection on benign pastes, classifier " + classifier);
        System.out.println("injection on benign pastes, combined at the gateway's default threshold 0.7   " + atDefault);
        assertTrue(atDefault.falsePositiveRate() <= 0.03, atDefault.toString());
    }

    static final Map<String, String> PII_TYPES = Map.of("EMAIL_ADDRESS", "EMAIL", "PHONE_NUMBER", "PHONE", "US_SSN", "US_SSN",
            "CREDIT_CARD", "CREDIT_CARD", "IBAN_CODE", "IBAN", "IP_ADDRESS", "IP_ADDRESS");

    @Test
    void piiPerEntity() throws IOException {
        JsonNode data;
        try (InputStream in = java.nio.file.Files.newInputStream(EVAL.resolve("pii/presidio_generated_large.json"))) {
            data = Json.MAPPER.readTree(in);
        }
        Map<String, int[]> counts = new LinkedHashMap<>(); // tp, fp, fn
        for (String e : PII_TYPES.values()) counts.put(e, new int[3]);
        for (JsonNode row : data) {
            String text = row.path("full_text").asText();
            List<Finding> found = ENGINE.scanData(text).findings();
            for (String entity : counts.keySet()) {
                List<int[]> gold = new ArrayList<>();
                for (JsonNode span : row.path("spans")) {
                    if (entity.equals(PII_TYPES.get(span.path("entity_type").asText()))) {
                        gold.add(new int[] {span.path("start_position").asInt(), span.path("end_position").asInt()});
                    }
                }
                List<Finding> mine = found.stream().filter(f -> f.entity().equals(entity)).toList();
                for (int[] g : gold) {
                    if (mine.stream().anyMatch(f -> f.start() < g[1] && g[0] < f.end())) counts.get(entity)[0]++;
                    else counts.get(entity)[2]++;
                }
                for (Finding f : mine) {
                    if (gold.stream().noneMatch(g -> f.start() < g[1] && g[0] < f.end())) counts.get(entity)[1]++;
                }
            }
        }
        Map<String, double[]> floors = Map.of("EMAIL", new double[] {0.95, 0.95}, "PHONE", new double[] {0.9, 0.65},
                "US_SSN", new double[] {0.9, 0.85}, "CREDIT_CARD", new double[] {0.95, 0.9}, "IBAN", new double[] {0.9, 0.9},
                "IP_ADDRESS", new double[] {0.8, 0.8});
        counts.forEach((entity, c) -> {
            double p = c[0] + c[1] == 0 ? 1 : c[0] / (double) (c[0] + c[1]);
            double r = c[0] + c[2] == 0 ? 1 : c[0] / (double) (c[0] + c[2]);
            System.out.printf("pii %-12s precision %.3f  recall %.3f  (tp %d fp %d fn %d)%n", entity, p, r, c[0], c[1], c[2]);
        });
        counts.forEach((entity, c) -> {
            double p = c[0] / (double) Math.max(1, c[0] + c[1]);
            double r = c[0] / (double) Math.max(1, c[0] + c[2]);
            assertTrue(p >= floors.get(entity)[0] && r >= floors.get(entity)[1], entity + " p=" + p + " r=" + r);
        });
    }

    @Test
    void secretsOnRuleExamples() throws IOException {
        List<Example> rows = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(EVAL.resolve("secrets/noseyparker_examples.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(line);
            rows.add(new Example(n.path("text").asText(), n.path("label").asInt() == 1));
        }
        BinaryMetrics m = BinaryMetrics.of(rows, e -> ENGINE.scanData(e.text()).findings().stream().anyMatch(f -> f.category() == Category.SECRET));
        System.out.println("secrets " + m);
        assertTrue(m.precision() >= 0.85, m.toString());
        assertTrue(m.recall() >= 0.35, m.toString());
    }
}
