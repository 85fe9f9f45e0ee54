package dev.sli.core.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the fields of one JSON object of the config, turning every problem into a {@link ConfigError}
 * with the field's path and location. Remembers which fields were asked for, so that {@link #finish}
 * can report the rest as unknown. Not thread-safe.
 */
final class Fields {

    private final Json object;
    private final String path;
    private final Problems problems;
    private final Set<String> asked = new LinkedHashSet<>();
    private final int problemsBefore;

    private Fields(Json object, String path, Problems problems) {
        this.object = object;
        this.path = path;
        this.problems = problems;
        this.problemsBefore = problems.size();
    }

    /** The fields of {@code node}, or null (and a problem) if it is not an object. */
    static Fields of(Json node, String path, Problems problems, String what) {
        if (node.type != Json.Type.OBJECT) {
            problems.add(node, path, "expected " + what + " (a JSON object), got " + node.describe());
            return null;
        }
        return new Fields(node, path, problems);
    }

    String path() {
        return path;
    }

    String path(String field) {
        return Problems.field(path, field);
    }

    /** Whether nothing went wrong in this object or below it so far. */
    boolean ok() {
        return problems.size() == problemsBefore;
    }

    /** The member {@code name}, or null; either way the field counts as known. */
    Json get(String name) {
        asked.add(name);
        Json value = object.members.get(name);
        return value == null || value.type == Json.Type.NULL ? null : value;
    }

    /** Whether the member is present (and not null). */
    boolean has(String name) {
        Json value = object.members.get(name);
        return value != null && value.type != Json.Type.NULL;
    }

    /**
     * Converts the member {@code name} with {@code convert} (which throws {@link IllegalArgumentException}
     * naming the value and the rule); null when absent or wrong, with a problem unless it was optional
     * and absent.
     */
    <T> T read(String name, boolean required, Function<Json, T> convert) {
        Json value = get(name);
        if (value == null) {
            if (required) {
                problems.add(object, path(name), "required field is missing");
            }
            return null;
        }
        try {
            return convert.apply(value);
        } catch (InvalidValueException e) {
            problems.add(value, path(name), e.problem());
        } catch (IllegalArgumentException e) {
            problems.add(value, path(name), e.getMessage());
        }
        return null;
    }

    /** Reads the member {@code name} and, if it is there and valid, hands it to {@code setter}. */
    <T> void set(String name, boolean required, Function<Json, T> convert, Consumer<T> setter) {
        T value = read(name, required, convert);
        if (value != null) {
            apply(name, () -> setter.accept(value));
        }
    }

    /** Runs a builder setter or {@code build()}, turning its refusal into a problem at the field it names. */
    <T> T build(Supplier<T> build) {
        if (!ok()) {
            return null;
        }
        try {
            return build.get();
        } catch (InvalidValueException e) {
            Json at = object.members.getOrDefault(firstSegment(e.field()), object);
            problems.add(at, path(e.field()), e.problem());
            return null;
        }
    }

    private void apply(String name, Runnable setter) {
        try {
            setter.run();
        } catch (InvalidValueException e) {
            problems.add(object.members.get(name), path(name), e.problem());
        }
    }

    private static String firstSegment(String field) {
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '.' || c == '[') {
                end = i;
                break;
            }
        }
        return field.substring(0, end);
    }

    /** Each element of the array member {@code name}, read by {@code element}; null for a missing optional array. */
    <T> List<T> list(String name, boolean required, boolean nonEmpty, ElementReader<T> element) {
        Json array = get(name);
        if (array == null) {
            if (required) {
                problems.add(object, path(name), "required field is missing");
            }
            return null;
        }
        if (array.type != Json.Type.ARRAY) {
            problems.add(array, path(name), "expected an array, got " + array.describe());
            return null;
        }
        if (nonEmpty && array.items.isEmpty()) {
            problems.add(array, path(name), "is empty; give at least one");
            return null;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < array.items.size(); i++) {
            out.add(element.read(array.items.get(i), Problems.index(path(name), i)));
        }
        return out;
    }

    /** Reads one element of an array: the value and its path. */
    @FunctionalInterface
    interface ElementReader<T> {
        T read(Json node, String path);
    }

    /** Reports every member that was not asked for as an unknown field of {@code what}. */
    void finish(String what) {
        for (Map.Entry<String, Json> member : object.members.entrySet()) {
            String name = member.getKey();
            if (!asked.contains(name)) {
                int[] key = object.keys.get(name);
                problems.add(key[0], key[1], path(name), "unknown field" + suggestion(name, what));
            }
        }
    }

    private String suggestion(String name, String what) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : asked) {
            int distance = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= Math.max(1, Math.min(2, name.length() / 4))) {
            return "; did you mean " + Json.quote(best) + "?";
        }
        return "; " + what + " takes " + String.join(", ", asked);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
