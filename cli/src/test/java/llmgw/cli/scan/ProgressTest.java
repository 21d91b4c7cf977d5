package llmgw.cli.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The progress line: drawn in place on a terminal, absent otherwise (scans in CI print nothing extra). */
class ProgressTest {

    @Test
    void drawsOneLineInPlaceAndClearsIt() {
        StringWriter err = new StringWriter();
        Progress p = new Progress(new PrintWriter(err, true), true, 4);
        p.next(Path.of("a.txt"));
        p.next(Path.of("b.txt"));
        assertTrue(err.toString().contains("\r\u001B[K[###############               ] 2/4  b.txt"), err.toString());
        p.done();
        assertTrue(err.toString().endsWith("\r\u001B[K"));
    }

    @Test
    void staysSilentWhenNotOnATerminal() {
        StringWriter err = new StringWriter();
        Progress p = new Progress(new PrintWriter(err, true), false, 4);
        p.next(Path.of("a.txt"));
        p.done();
        assertEquals("", err.toString());
    }
}
