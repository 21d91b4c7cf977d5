package llmgw.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Every training set install.sh runs does what it expects (without the JVM writing a cache; LauncherRuntimeIT does that). */
class AotTrainingTest {
    @Test
    void everySetRunsItsCommands() throws Exception {
        for (String set : AotTraining.SETS) assertEquals(0, AotTraining.run(set), set);
    }

    @Test
    void installShTrainsEverySet() throws Exception {
        String install = java.nio.file.Files.readString(java.nio.file.Path.of("../install.sh"));
        assertTrue(install.contains("for name in " + String.join(" ", AotTraining.SETS) + "; do"), "install.sh trains " + AotTraining.SETS);
    }
}
