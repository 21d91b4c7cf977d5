package llmgw.stage.policy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import llmgw.config.ConfigException;
import llmgw.config.ConfigLoader;
import llmgw.stage.policy.PolicyDecision;
import llmgw.stage.policy.PolicyInput;
import org.junit.jupiter.api.Test;

/** The sample policy's decisions, rule by rule, and what the document checks refuse. */
class LocalPolicyTest {
    private static final LocalPolicy SAMPLE = sample();

    private static LocalPolicy sample() {
        try {
            String text = Files.readString(Path.of("../config-samples/policy.yaml"));
            return new LocalPolicy(new ConfigLoader(Map.of()).parseDocument(text, PolicyDocument.class, PolicyDocument::validate), 7);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static PolicyInput input(String tenant, String role, String tier, String provider, String model, boolean stream, boolean tools, Integer maxTokens) {
        return new PolicyInput(tenant, "alice", role, tier, null, model, provider, "/v1/chat/completions", stream, tools, maxTokens,
                PolicyInput.Scan.NONE);
    }

    @Test
    void freeTierGetsItsModelsAndProvidersOnly() {
        PolicyDecision ok = SAMPLE.decide(input("acme", "user", "free", "ollama", "llama-3.1", false, false, null));
        assertTrue(ok.allow(), ok.reasons().toString());
        assertEquals("local:7", ok.version());
        assertEquals(List.of("rule free: allows"), ok.reasons());
        assertEquals(512, ok.maxTokens());

        PolicyDecision model = SAMPLE.decide(input("acme", "user", "free", "openai", "gpt-4o", false, false, null));
        assertFalse(model.allow());
        assertEquals(List.of("rule free: model 'gpt-4o' is not among [llama-*, stub]"), model.reasons());

        PolicyDecision egress = SAMPLE.decide(input("acme", "user", "free", "vllm", "llama-3.1", false, false, null));
        assertFalse(egress.allow());
        assertTrue(egress.reasons().getFirst().contains("provider 'vllm'"), egress.reasons().toString());
    }

    @Test
    void callersWithoutATierAreFree() {
        assertEquals(List.of("rule free: allows"), SAMPLE.decide(input("acme", "user", null, "stub", "stub", false, false, null)).reasons());
        assertFalse(SAMPLE.decide(input("acme", "user", null, "openai", "gpt-4o-mini", false, false, null)).allow());
    }

    @Test
    void maxTokensAndFeatures() {
        PolicyDecision tooMany = SAMPLE.decide(input("acme", "user", "free", "stub", "stub", false, false, 1000));
        assertEquals(List.of("rule free: max_tokens 1000 is above the 512 allowed"), tooMany.reasons());
        PolicyDecision tools = SAMPLE.decide(input("acme", "user", "free", "stub", "stub", false, true, null));
        assertEquals(List.of("rule free: tools are not allowed"), tools.reasons());
        assertTrue(SAMPLE.decide(input("acme", "user", "free", "stub", "stub", true, false, 512)).allow());
        assertTrue(SAMPLE.decide(input("acme", "user", "premium", "anthropic", "claude-3-5", false, true, 4096)).allow());
    }

    @Test
    void providerQualifiedPatternsAndFirstMatchWins() {
        assertTrue(SAMPLE.decide(input("acme", "user", "premium", "openai", "gpt-4o-mini-2024", false, false, null)).allow());
        assertFalse(SAMPLE.decide(input("acme", "user", "premium", "openai", "gpt-4o", false, false, null)).allow());
        // An enterprise contractor still may not reach OpenAI: the deny rule comes first.
        PolicyDecision contractor = SAMPLE.decide(input("contractors", "user", "enterprise", "openai", "gpt-4o", false, false, null));
        assertEquals(List.of("rule contractors-stay-local: contractors may not send data to OpenAI"), contractor.reasons());
        // An admin matches the first rule whatever the rest says.
        PolicyDecision admin = SAMPLE.decide(input("contractors", "admin", null, "openai", "gpt-4o", true, true, 100000));
        assertTrue(admin.allow());
        assertNull(admin.maxTokens());
    }

    @Test
    void noRuleMatchingFallsToTheDefault() {
        PolicyDecision d = SAMPLE.decide(input("acme", "user", "gold", "stub", "stub", false, false, null));
        assertFalse(d.allow());
        assertEquals(List.of("no rule applies; the policy's default is deny"), d.reasons());
    }

    @Test
    void invalidDocumentsAreRefusedWithEveryProblem() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        String broken = """
                default: maybe
                rules:
                  - name: a
                    effect: permit
                  - name: a
                    match: {role: root}
                    max_tokens: 0
                """;
        ConfigException e = assertThrows(ConfigException.class,
                () -> loader.parseDocument(broken + "  - match: {colour: blue}\n", PolicyDocument.class, PolicyDocument::validate));
        String m = e.getMessage();
        assertTrue(m.contains("colour"), m);
        ConfigException semantic = assertThrows(ConfigException.class,
                () -> loader.parseDocument(broken, PolicyDocument.class, PolicyDocument::validate));
        String s = semantic.getMessage();
        for (String part : List.of("default", "permit", "'a' is used twice", "root", "max_tokens")) assertTrue(s.contains(part), s);
        assertThrows(ConfigException.class, () -> loader.parseDocument("", PolicyDocument.class, PolicyDocument::validate));
        assertThrows(ConfigException.class, () -> loader.parseDocument("rules: [unclosed", PolicyDocument.class, PolicyDocument::validate));
    }
}
