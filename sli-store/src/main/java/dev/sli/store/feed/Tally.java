package dev.sli.store.feed;

import dev.sli.core.config.SliKind;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What one SLI's feed took and found, as it goes; not thread-safe. */
final class Tally {

    private static final int EXCERPT = 160;

    final String service;
    final String sli;
    final SliKind kind;
    private final Set<SeriesKey> used;
    int seriesMatched;
    long samplesUsed;
    long recorded;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;
    private final List<String> problems = new ArrayList<>();

    Tally(String service, String sli, SliKind kind, Set<SeriesKey> used) {
        this.service = service;
        this.sli = sli;
        this.kind = kind;
        this.used = used;
    }

    /** Counts {@code key} as matched and its samples as read. */
    void take(SeriesKey key, SeriesSet.Samples samples) {
        seriesMatched++;
        samplesUsed += samples.size();
        used.add(key);
    }

    /** Notes that something was recorded at {@code epochMillis}. */
    void recordedAt(long epochMillis, long amount) {
        recorded += amount;
        firstMillis = Math.min(firstMillis, epochMillis);
        lastMillis = Math.max(lastMillis, epochMillis);
    }

    void problem(String text) {
        problems.add(sli + ": " + text);
    }

    /** {@code n} samples of {@code key} left out because of {@code why}, when {@code n > 0}. */
    void leftOut(long n, SeriesKey key, String why) {
        if (n > 0) {
            problem(n + " sample" + (n == 1 ? "" : "s") + " of " + show(key) + " left out: " + why);
        }
    }

    SliFeed done() {
        return new SliFeed(service, sli, kind, seriesMatched, samplesUsed, recorded, problems);
    }

    /** A series key as text safe for a terminal: control characters escaped, at most a bounded excerpt. */
    static String show(SeriesKey key) {
        return safe(key.toString());
    }

    /** {@code text} with control characters as {@code \xNN}, cut to a bounded excerpt. */
    static String safe(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < EXCERPT; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < text.length() ? out + "… (" + text.length() + " characters)" : out.toString();
    }
}
