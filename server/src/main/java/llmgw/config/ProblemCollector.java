package llmgw.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;

/** Turns Jackson's binding failures into config problems and keeps binding, so every problem is reported. */
final class ProblemCollector extends DeserializationProblemHandler {
    private final Problems problems;

    ProblemCollector(Problems problems) {
        this.problems = problems;
    }

    private void add(JsonParser p, String message) {
        problems.add(ConfigLoader.pathOf(p.getParsingContext()), p.currentTokenLocation().getLineNr(), message);
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        String parent = ConfigLoader.pathOf(p.getParsingContext().getParent());
        String path = parent.isEmpty() ? propertyName : parent + "." + propertyName;
        problems.add(path, p.currentTokenLocation().getLineNr(), "unknown key '" + propertyName + "'");
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
        add(ctxt.getParser(), describe(targetType, "'" + value + "'", failureMsg));
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
        add(ctxt.getParser(), describe(targetType, String.valueOf(value), failureMsg));
        return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        add(p, "expected " + kind(targetType.getRawClass()) + " here");
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass, com.fasterxml.jackson.databind.deser.ValueInstantiator valueInsta,
                                            JsonParser p, String msg) throws IOException {
        add(p, "expected " + kind(instClass) + " here");
        p.skipChildren();
        return null;
    }

    private static String describe(Class<?> type, String value, String failureMsg) {
        if (failureMsg != null && failureMsg.contains("duration")) return failureMsg;
        return value + " is not " + kind(type);
    }

    private static String kind(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
        if (type == Double.class || type == double.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (java.util.List.class.isAssignableFrom(type)) return "a list";
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) return "a mapping (key: value)";
        if (type == java.time.Duration.class) return "a duration such as 30s";
        return "a " + type.getSimpleName();
    }
}
