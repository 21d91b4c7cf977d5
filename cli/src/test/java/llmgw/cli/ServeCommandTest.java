package llmgw.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

    @Test
    void refusesToExposeTheDevTokenOnAPublicAddress(@TempDir Path dir) {
        CliRun r = CliRun.run("serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("refusing to bind 0.0.0.0"), r.err());
        assertTrue(r.err().contains("--allow-remote-dev-token"));
    }

    @Test
    void refusesAnInvalidConfigListingEveryProblem(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("gw.yaml");
        Files.writeString(cfg, "server:\n  port: -1\naudit:\n  batch_size: 0\n");
        CliRun r = CliRun.run("serve", "--config", cfg.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("server.port (line 2)"), r.err());
        assertTrue(r.err().contains("audit.batch_size (line 4)"), r.err());
        assertFalse(r.err().contains("Exception"));
    }

    /** The real process: banner, a request, SIGTERM, exit 0, and the request in the audit log. */
    @Test
    void runsAsAProcessAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "llmgw.cli.Llmgw", "serve", "--port", "0", "--data-dir", dir.toString());
        pb.environment().keySet().removeIf(k -> List.of("JWT_SECRET", "ALLOWED_MODELS", "RATE_LIMIT").contains(k));
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertNotNull(first, "banner");
            Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(first);
            assertTrue(m.find(), first);
            String url = m.group(1);
            StringBuilder banner = new StringBuilder(first);
            for (int i = 0; i < 4; i++) banner.append('\n').append(out.readLine());
            assertTrue(banner.toString().contains("mode:   dev"), banner.toString());
            assertTrue(banner.toString().contains(dir.resolve("audit.db").toString()));
            assertTrue(banner.toString().contains("curl -s " + url + "/v1/chat/completions -H 'Authorization: Bearer dev-token'"));

            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                    .header("Authorization", "Bearer dev-token").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, resp.statusCode());

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
        } finally {
            p.destroyForcibly();
        }
        CliRun tail = CliRun.run("audit", "tail", "--data-dir", dir.toString());
        assertEquals(2, tail.out().lines().count(), tail.out());
        assertTrue(tail.out().contains(" 200 "));
    }
}
