package llmgw.api.openai;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.ProviderConfig;
import llmgw.stage.provider.openai.OpenAiProvider;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings} against the stub and an OpenAI-compatible upstream, and the openai provider's model list. */
class OpenAiEmbeddingsTest {
    static FakeUpstream upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeUpstream();
        gw = TestGateway.withUpstream(upstream, "");
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    static Reply embed(String body) {
        return gw.post("/v1/embeddings", "dev-token", "application/json", body, Map.of());
    }

    @Test
    void theStubEmbedsEachInputInOrder() {
        Reply one = embed("{\"model\":\"stub\",\"input\":\"second\",\"encoding_format\":\"float\"}");
        assertEquals(200, one.status(), one.body());
        Reply many = embed("{\"model\":\"stub\",\"input\":[\"first\",\"second\"]}");
        JsonNode j = many.json();
        assertEquals("list", j.path("object").asText());
        assertEquals("stub", j.path("model").asText());
        assertEquals(2, j.path("data").size());
        assertEquals("embedding", j.path("data").get(1).path("object").asText());
        assertEquals(1, j.path("data").get(1).path("index").asInt());
        assertEquals(8, j.path("data").get(1).path("embedding").size());
        assertEquals(one.json().path("data").get(0).path("embedding"), j.path("data").get(1).path("embedding"));
        assertTrue(j.path("usage").path("prompt_tokens").asInt() > 0);
        assertEquals(j.path("usage").path("prompt_tokens").asInt(), j.path("usage").path("total_tokens").asInt());
    }

    @Test
    void anOpenAiUpstreamIsAskedAndItsIndexesAreHonoured() throws Exception {
        upstream.received().clear();
        Reply r = embed("{\"model\":\"up\",\"input\":[\"a\",\"abc\"],\"dimensions\":2,\"user\":\"u-1\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals("[3.0,0.5]", r.json().path("data").get(1).path("embedding").toString(), "the upstream listed it first, with index 1");
        assertEquals(4, r.json().path("usage").path("prompt_tokens").asInt());
        assertEquals("up", r.json().path("model").asText(), "clients see the name they asked for");
        FakeUpstream.Received sent = upstream.received().getFirst();
        assertEquals("/v1/embeddings", sent.path());
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertEquals("up", body.path("model").asText());
        assertEquals("[\"a\",\"abc\"]", body.path("input").toString());
        assertEquals(2, body.path("dimensions").asInt());
        assertEquals("u-1", body.path("user").asText());

        upstream.behave((ex, b) -> FakeUpstream.json(ex, 200, "{\"data\":[{\"index\":5,\"embedding\":[1]}]}"));
        try {
            assertEquals("upstream_bad_response", embed("{\"model\":\"up\",\"input\":\"a\"}").errorCode());
            upstream.behave((ex, b) -> FakeUpstream.json(ex, 400, "{\"error\":{\"message\":\"dimensions too large\",\"code\":\"bad_dims\"}}"));
            assertEquals("bad_dims", embed("{\"model\":\"up\",\"input\":\"a\"}").errorCode());
        } finally {
            upstream.behave(FakeUpstream::defaultAnswer);
        }
    }

    @Test
    void base64VectorsAreLittleEndianFloat32AsOpenAiSendsThem() throws Exception {
        upstream.received().clear();
        Reply floats = embed("{\"model\":\"up\",\"input\":[\"abc\"]}");
        Reply packed = embed("{\"model\":\"up\",\"input\":[\"abc\"],\"encoding_format\":\"base64\"}");
        assertEquals(200, packed.status(), packed.body());
        var buf = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(packed.json().path("data").get(0).path("embedding").asText()))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(8, buf.remaining());
        assertEquals(floats.json().path("data").get(0).path("embedding").get(0).floatValue(), buf.getFloat());
        assertEquals(0.5f, buf.getFloat());
        assertEquals("float", Json.MAPPER.readTree(upstream.received().getLast().body()).path("encoding_format").asText(),
                "the gateway reads the vectors itself, so it asks for floats");
    }

    @Test
    void whatIsNotSupportedIsRefusedInOpenAisShape() {
        Map<String, String> refused = Map.of(
                "{\"model\":\"stub\",\"input\":\"x\",\"encoding_format\":\"int8\"}", "invalid_value",
                "{\"model\":\"stub\",\"input\":[1,2,3]}", "invalid_type",
                "{\"model\":\"stub\",\"input\":[]}", "missing_input",
                "{\"model\":\"stub\"}", "missing_input",
                "{\"input\":\"x\"}", "missing_model",
                "{\"model\":\"stub\",", "invalid_json",
                "[1]", "invalid_json");
        refused.forEach((body, code) -> {
            Reply r = embed(body);
            assertEquals(400, r.status(), body);
            assertEquals(code, r.errorCode(), body);
        });
        assertEquals("content_blocked", embed("{\"model\":\"stub\",\"input\":[\"key AKIAIOSFODNN7EXAMPLE\"]}").errorCode());
        assertTrue(gw.auditRows().stream().anyMatch(row -> row.endpoint().equals("/v1/embeddings") && row.status() == 400));
    }

    @Test
    void theOpenAiSdkEmbeds() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.url() + "/v1").apiKey("dev-token").maxRetries(0).build();
        try {
            CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder().model("stub").input("hello sdk").build());
            assertEquals(8, r.data().getFirst().embedding().size());
            assertTrue(r.usage().promptTokens() > 0);
        } finally {
            client.close();
        }
    }

    @Test
    void theOpenAiProviderListsItsUpstreamsModels() throws Exception {
        ProviderConfig cfg = ProviderConfig.of("openai", upstream.baseUrl(), "K", null, Duration.ofSeconds(2));
        try (OpenAiProvider p = new OpenAiProvider(cfg, "sk-list")) {
            assertEquals(List.of("gpt-up"), p.models());
            assertEquals("Bearer sk-list", upstream.received().getLast().authorization());
            upstream.behave((ex, b) -> FakeUpstream.json(ex, 200, "{\"data\":[{\"object\":\"model\"}]}"));
            assertEquals("upstream_bad_response", assertThrows(ProviderException.class, p::models).error().code());
            upstream.behave((ex, b) -> FakeUpstream.json(ex, 500, "{}"));
            assertEquals(502, assertThrows(ProviderException.class, p::models).error().status());
        } finally {
            upstream.behave(FakeUpstream::defaultAnswer);
        }
    }
}
