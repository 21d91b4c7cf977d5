package llmgw.cli.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import llmgw.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @Test
    void samplesAreValid() {
        CliRun dev = CliRun.run("config", "validate", "../config-samples/gateway.dev.yaml");
        assertEquals(0, dev.exit(), dev.err());
        assertTrue(dev.out().endsWith(": ok\n"));
        CliRun prod = CliRun.run(Map.of("JWT_SECRET", "x".repeat(40)), "config", "validate", "../config-samples/gateway.prod.yaml");
        assertEquals(0, prod.exit(), prod.err());
    }

    @Test
    void everyProblemIsListedWithPathAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "server:\n  port: 99999\nlimits:\n  max_tokens: zero\nrate_limit:\n  burst: 0\n");
        CliRun r = CliRun.run("config", "validate", file.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("3 problems"), r.err());
        assertTrue(r.err().contains("server.port (line 2)"), r.err());
        assertTrue(r.err().contains("limits.max_tokens (line 4)"), r.err());
        assertTrue(r.err().contains("rate_limit.burst (line 6)"), r.err());
    }

    @Test
    void missingFileIsOneProblem() {
        CliRun r = CliRun.run("config", "validate", "/nonexistent/gw.yaml");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("does not exist"));
    }
}
