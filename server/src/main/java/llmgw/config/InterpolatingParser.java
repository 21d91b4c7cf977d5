package llmgw.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A YAML parser whose string values arrive with {@code ${ENV}} references expanded. Working on
 * tokens rather than on the file text means a secret containing ':' or '#' cannot break the YAML,
 * and error locations still point at the right line.
 */
final class InterpolatingParser extends JsonParserDelegate {
    private final EnvInterpolation env;
    private final Problems problems;
    private String expanded;
    private Object expandedFor;

    InterpolatingParser(JsonParser d, EnvInterpolation env, Problems problems) {
        super(d);
        this.env = env;
        this.problems = problems;
    }

    private String value() throws IOException {
        String raw = delegate.getText();
        if (currentToken() != JsonToken.VALUE_STRING) return raw;
        // Cache per token so a deserializer reading the text twice reports a missing variable once.
        Object token = delegate.currentTokenLocation();
        if (expandedFor != null && expandedFor.equals(token)) return expanded;
        int line = delegate.currentTokenLocation().getLineNr();
        String path = ConfigLoader.pathOf(delegate.getParsingContext());
        expanded = env.expand(raw, (name, message) -> problems.add(path, line, message));
        expandedFor = token;
        return expanded;
    }

    @Override
    public String getText() throws IOException {
        return value();
    }

    @Override
    public String getValueAsString() throws IOException {
        return currentToken() == JsonToken.VALUE_STRING ? value() : delegate.getValueAsString();
    }

    @Override
    public String getValueAsString(String defaultValue) throws IOException {
        return currentToken() == JsonToken.VALUE_STRING ? value() : delegate.getValueAsString(defaultValue);
    }

    @Override
    public char[] getTextCharacters() throws IOException {
        return currentToken() == JsonToken.VALUE_STRING ? value().toCharArray() : delegate.getTextCharacters();
    }

    @Override
    public int getTextLength() throws IOException {
        return currentToken() == JsonToken.VALUE_STRING ? value().length() : delegate.getTextLength();
    }

    @Override
    public int getTextOffset() throws IOException {
        return currentToken() == JsonToken.VALUE_STRING ? 0 : delegate.getTextOffset();
    }
}
