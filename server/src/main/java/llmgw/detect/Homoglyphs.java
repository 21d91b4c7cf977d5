package llmgw.detect;

/** Cyrillic and Greek letters that render like Latin ones, folded to the Latin letter for matching. */
final class Homoglyphs {
    private static final char[] TABLE = new char[0x0530];

    static {
        String pairs =
                // Cyrillic lower and upper case
                "аaеeоoрpсcуyхxіiјjѕsԁdһhӏlАAВBЕEКKМMНHОOРPСCТTХXІIЈJЅSԌGԛqԝw"
                // Greek
                + "οoαaνvρpιiκkτtυuΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧX";
        for (int i = 0; i + 1 < pairs.length(); i += 2) TABLE[pairs.charAt(i)] = pairs.charAt(i + 1);
    }

    private Homoglyphs() {}

    static char fold(char c) {
        if (c < 0x0370 || c >= TABLE.length) return c;
        char f = TABLE[c];
        return f == 0 ? c : f;
    }
}
