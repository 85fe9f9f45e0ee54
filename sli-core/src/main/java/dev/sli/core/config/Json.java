package dev.sli.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value that remembers where it was written (line and column of its first character), so that
 * every config error can point into the file. Built once by {@link #read}; immutable afterwards.
 */
final class Json {

    enum Type { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    final Type type;
    final int line;
    final int column;
    /** The string value, or the number, boolean or null exactly as written; null for containers. */
    final String text;
    /** Members in the order written (objects only, else empty). */
    final Map<String, Json> members;
    /** Where each member's name was written, as {line, column} (objects only, else empty). */
    final Map<String, int[]> keys;
    /** Elements (arrays only, else empty). */
    final List<Json> items;

    private Json(Type type, JsonLocation at, String text, Map<String, Json> members, Map<String, int[]> keys,
            List<Json> items) {
        this.type = type;
        this.line = at.getLineNr();
        this.column = at.getColumnNr();
        this.text = text;
        this.members = members;
        this.keys = keys;
        this.items = items;
    }

    private static Json scalar(Type type, JsonLocation at, String text) {
        return new Json(type, at, text, Map.of(), Map.of(), List.of());
    }

    /**
     * Reads one JSON document from {@code reader}. Problems are added to {@code problems}: after a syntax
     * error the answer is null; after a repeated key (the first value is kept) or trailing content it is
     * the document, so that its other errors are found too.
     */
    static Json read(Reader reader, Problems problems) throws IOException {
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(1, 1, "", "the file is empty; expected a JSON object");
                return null;
            }
            Json root = value(parser, problems);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                problems.add(at.getLineNr(), at.getColumnNr(), "", "unexpected content after the end of the document");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String path = e.getProcessor() instanceof JsonParser p ? pathOf(p.getParsingContext(), false) : "";
            problems.add(at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), path,
                    "not valid JSON: " + firstLine(e.getOriginalMessage()));
            return null;
        }
    }

    private static Json value(JsonParser parser, Problems problems) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Json> members = new LinkedHashMap<>();
                Map<String, int[]> keys = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonLocation keyAt = parser.currentTokenLocation();
                    String path = pathOf(parser.getParsingContext(), true);
                    parser.nextToken();
                    Json member = value(parser, problems);
                    if (members.putIfAbsent(name, member) != null) {
                        problems.add(keyAt.getLineNr(), keyAt.getColumnNr(), path, "repeated field; give each field once");
                    } else {
                        keys.put(name, new int[] {keyAt.getLineNr(), keyAt.getColumnNr()});
                    }
                }
                return new Json(Type.OBJECT, at, null, Collections.unmodifiableMap(members),
                        Collections.unmodifiableMap(keys), List.of());
            }
            case START_ARRAY: {
                List<Json> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser, problems));
                }
                return new Json(Type.ARRAY, at, null, Map.of(), Map.of(), Collections.unmodifiableList(items));
            }
            case VALUE_STRING:
                return scalar(Type.STRING, at, parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return scalar(Type.NUMBER, at, parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return scalar(Type.BOOLEAN, at, parser.getText());
            case VALUE_NULL:
                return scalar(Type.NULL, at, "null");
            default:
                throw new IllegalStateException("unexpected token " + token);
        }
    }

    /**
     * The config path ({@code services[0].slis[1]}) of where the parser is; with {@code withField}, down
     * to the field whose name was read last, else only to the object that holds it.
     */
    private static String pathOf(JsonStreamContext context, boolean withField) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null && (withField || c != context)) {
                parts.add(c.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            String part = parts.get(i);
            if (path.length() > 0 && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** How this value reads in an error message: {@code 99}, {@code "99%"}, {@code an object}. */
    String describe() {
        switch (type) {
            case OBJECT:
                return "an object";
            case ARRAY:
                return "an array";
            case STRING:
                return quote(text);
            default:
                return text;
        }
    }

    /** {@code text} as a JSON string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
