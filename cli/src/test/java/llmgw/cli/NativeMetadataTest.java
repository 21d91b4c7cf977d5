package llmgw.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The native profile's reflection metadata (META-INF/native-image/llmgw/llmgw-cli) names every record Jackson binds,
 * so a record added to the config does not go missing from a native build. No native image is built here.
 */
class NativeMetadataTest {
    static final String FILE = "/META-INF/native-image/llmgw/llmgw-cli/reachability-metadata.json";

    /** The types llmgw hands to Jackson by class: the config, rules and policy files, admin bodies, audit rows, OPA input, RAG context. */
    static final List<String> BOUND = List.of("llmgw.config.GatewayConfig", "llmgw.config.ConfigLoader$RulesFile",
            "llmgw.stage.policy.local.PolicyDocument", "llmgw.stage.auth.keys.KeySpec", "llmgw.http.admin.BudgetAdmin$Assignments",
            "llmgw.stage.audit.AuditRecord", "llmgw.stage.policy.PolicyInput", "llmgw.stage.policy.PolicyInput$Scan",
            "llmgw.chat.RagContext");

    static JsonNode metadata() throws Exception {
        try (InputStream in = NativeMetadataTest.class.getResourceAsStream(FILE)) {
            assertNotNull(in, FILE);
            return new ObjectMapper().readTree(in);
        }
    }

    /** The records reachable from a type through record components, type arguments and array elements. */
    static void reach(Type t, Set<String> out) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) {
                reach(c.getComponentType(), out);
            } else if (c.getName().startsWith("llmgw.") && out.add(c.getName()) && c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) reach(rc.getGenericType(), out);
            }
        } else if (t instanceof ParameterizedType p) {
            reach(p.getRawType(), out);
            for (Type a : p.getActualTypeArguments()) reach(a, out);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) reach(b, out);
        }
    }

    @Test
    void everyBoundRecordIsRegisteredForReflection() throws Exception {
        Set<String> bound = new TreeSet<>();
        for (String name : BOUND) reach(Class.forName(name), bound);
        Set<String> registered = new TreeSet<>();
        for (JsonNode entry : metadata().get("reflection")) {
            String type = entry.get("type").asText();
            Class.forName(type); // no stale names
            assertTrue(entry.path("allDeclaredConstructors").asBoolean() && entry.path("allDeclaredMethods").asBoolean()
                    && entry.path("allDeclaredFields").asBoolean(), type);
            registered.add(type);
        }
        bound.removeAll(registered);
        assertEquals(Set.of(), bound, "add these to " + FILE);
    }

    @Test
    void everyListedResourceExists() throws Exception {
        for (JsonNode r : metadata().get("resources")) {
            String glob = r.get("glob").asText();
            assertNotNull(NativeMetadataTest.class.getResource("/" + glob), glob);
        }
    }
}
