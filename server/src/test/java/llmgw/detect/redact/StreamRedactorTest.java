package llmgw.detect.redact;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import llmgw.detect.Finding;
import llmgw.detect.Fingerprinter;
import llmgw.detect.ScanEngine;
import org.junit.jupiter.api.Test;

class StreamRedactorTest {
    static final ScanEngine ENGINE = ScanEngine.standard(Fingerprinter.ephemeral());

    static StreamRedactor redactor(List<Finding> found) {
        return new StreamRedactor(ENGINE, new Placeholders(), 0, found::add);
    }

    @Test
    void textWithoutCandidatesLeavesAtOnce() {
        StreamRedactor r = redactor(new ArrayList<>());
        assertEquals("Hello there, ", r.push("Hello there, "));
        assertEquals("how are you? ", r.push("how are you? "));
        assertEquals("Fine. ", r.push("Fine. "));
        assertEquals("", r.finish());
    }

    @Test
    void onlyThePossibleStartOfAValueIsHeldBack() {
        StreamRedactor r = redactor(new ArrayList<>());
        assertEquals("Write to ", r.push("Write to jane"));
        assertEquals("", r.push(".doe@exam"));
        assertEquals("<EMAIL_1> today. ", r.push("ple.com today. "));
    }

    @Test
    void heldBackTextIsBoundedByTheLongestMatch() {
        StreamRedactor r = redactor(new ArrayList<>());
        String out = r.push("AKIA" + "X".repeat(2000));
        assertTrue(out.length() > 1500, "a run far longer than any key is not held back: " + out.length());
    }

    @Test
    void findingsAreReportedWithOffsetsInTheWholeAnswer() {
        List<Finding> found = new ArrayList<>();
        StreamRedactor r = redactor(found);
        String out = r.push("abc ") + r.push("key AKIAIOSFODNN7EXAMPLE end") + r.finish();
        assertEquals("abc key <AWS_ACCESS_KEY_1> end", out);
        assertEquals(8, found.getFirst().start());
        assertEquals(28, found.getFirst().end());
    }
}
