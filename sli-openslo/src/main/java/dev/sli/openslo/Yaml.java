package dev.sli.openslo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line and column it starts at: a mapping, a sequence or a scalar (with the
 * type YAML gave it: string, number, boolean, null). Read by {@link #readAll}, which returns the
 * documents of a multi-document stream. Immutable once read; not thread-safe while reading.
 */
final class Yaml {

    enum Type { MAP, LIST, STRING, NUMBER, BOOLEAN, NULL }

    final Type type;
    final int line;
    final int column;
    /** A scalar's text as written; null for mappings and sequences. */
    final String text;
    final Map<String, Yaml> members;
    /** Each member's key location, for errors about the key itself (unknown or duplicate fields). */
    final Map<String, Yaml> keys;
    final List<Yaml> items;

    private Yaml(Type type, int line, int column, String text) {
        this.type = type;
        this.line = line;
        this.column = column;
        this.text = text;
        this.members = type == Type.MAP ? new LinkedHashMap<>() : Map.of();
        this.keys = type == Type.MAP ? new LinkedHashMap<>() : Map.of();
        this.items = type == Type.LIST ? new ArrayList<>() : List.of();
    }

    /** One document of a stream: its 0-based index and its root (null for an empty document). */
    record Document(int index, Yaml root) {
    }

    /** A YAML syntax error or a construct sli refuses, at a 1-based line and column of document {@code index}. */
    static final class SyntaxError extends Exception {
        final int line;
        final int column;
        final int index;

        SyntaxError(int line, int column, int index, String message) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
            this.index = index;
        }
    }

    /** Every document of the stream in {@code reader}, empty ones included (with a null root). */
    static List<Document> readAll(Reader reader) throws IOException, SyntaxError {
        List<Document> documents = new ArrayList<>();
        try (JsonParser parser = new YAMLFactory().createParser(reader)) {
            JsonToken token;
            while ((token = next(parser, documents.size())) != null) {
                Yaml root = token == JsonToken.VALUE_NULL ? null : value((YAMLParser) parser, token, documents.size());
                documents.add(new Document(documents.size(), root));
            }
        }
        return documents;
    }

    private static JsonToken next(JsonParser parser, int index) throws IOException, SyntaxError {
        try {
            return parser.nextToken();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw syntaxError(e, index);
        }
    }

    private static Yaml value(YAMLParser parser, JsonToken token, int index) throws IOException, SyntaxError {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if (parser.isCurrentAlias()) {
            throw new SyntaxError(line, column, index, "YAML aliases (*" + Text.excerpt(parser.getText())
                    + ") are not supported; write the value out in full");
        }
        switch (token) {
            case START_OBJECT: {
                Yaml map = new Yaml(Type.MAP, line, column, null);
                JsonToken t;
                while ((t = next(parser, index)) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    JsonLocation keyAt = parser.currentTokenLocation();
                    Yaml keyNode = new Yaml(Type.STRING, keyAt.getLineNr(), keyAt.getColumnNr(), key);
                    Yaml previous = map.keys.get(key);
                    if (previous != null) {
                        throw new SyntaxError(keyNode.line, keyNode.column, index, "the key " + Text.quote(key)
                                + " is given twice in one mapping (first on line " + previous.line + ")");
                    }
                    Yaml member = value(parser, next(parser, index), index);
                    map.keys.put(key, keyNode);
                    map.members.put(key, member);
                }
                return map;
            }
            case START_ARRAY: {
                Yaml list = new Yaml(Type.LIST, line, column, null);
                JsonToken t;
                while ((t = next(parser, index)) != JsonToken.END_ARRAY) {
                    list.items.add(value(parser, t, index));
                }
                return list;
            }
            case VALUE_STRING:
                return new Yaml(Type.STRING, line, column, parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Yaml(Type.NUMBER, line, column, parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Yaml(Type.BOOLEAN, line, column, Boolean.toString(token == JsonToken.VALUE_TRUE));
            case VALUE_NULL:
                return new Yaml(Type.NULL, line, column, "null");
            default:
                throw new SyntaxError(line, column, index, "unexpected YAML content " + token);
        }
    }

    /** A parser error as a syntax error: SnakeYAML's problem and context, without its echo of the input. */
    private static SyntaxError syntaxError(com.fasterxml.jackson.core.JsonProcessingException e, int index) {
        int line = 0;
        int column = 0;
        String message = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
            StringBuilder text = new StringBuilder("YAML syntax: ");
            if (marked.getContext() != null) {
                text.append(marked.getContext()).append(", ");
            }
            text.append(marked.getProblem());
            message = text.toString();
            if (marked.getProblemMark() != null) {
                line = marked.getProblemMark().getLine() + 1;
                column = marked.getProblemMark().getColumn() + 1;
            }
        } else {
            JsonLocation at = e.getLocation();
            if (at != null) {
                line = Math.max(0, at.getLineNr());
                column = Math.max(0, at.getColumnNr());
            }
            message = "YAML syntax: " + (message == null ? "unreadable" : message.lines().findFirst().orElse(""));
        }
        if (message.contains("mapping") || message.contains("block") || message.contains("indent")) {
            message += " (check the indentation)";
        }
        return new SyntaxError(line, column, index, Text.clean(message));
    }

    /** How a value is described in an error: {@code the string "abc"}, {@code the number 99}, {@code a mapping}. */
    String describe() {
        switch (type) {
            case MAP: return "a mapping";
            case LIST: return "a list";
            case STRING: return "the string " + Text.quote(text);
            case NUMBER: return "the number " + Text.excerpt(text);
            case BOOLEAN: return "the boolean " + text;
            default: return "null";
        }
    }

    boolean isScalar() {
        return type != Type.MAP && type != Type.LIST;
    }
}
