package dev.sli.store.replay;

import dev.sli.core.config.SliKind;
import dev.sli.core.record.ReadinessGroupSeries;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Replays an sli events file into the series of a {@link SliRegistry}, streaming, line by line, with
 * each event's own timestamp. The format, version 1:
 *
 * <pre>
 * #sli-events 1                               the magic and version, first line
 * # comment                                   lines starting with # are ignored
 * time,sli,field...                           one event a line; time is ISO-8601 (2024-01-01T00:00:07Z)
 *                                             or epoch milliseconds; sli is "name" or "service/name"
 *   latency    seconds,ok|error
 *   outcome    ok|error
 *   readiness  workload,desired,ready
 *   probe      up|down,latency-seconds
 *   work       start,id  |  finish,id,ok|failed
 * </pre>
 *
 * A line that cannot be read stops the replay with a {@link ReplayException} naming file, line and field;
 * values the series themselves refuse (a negative duration, an out-of-order gauge sample, a time further
 * ahead of the registry's clock than its {@code maxFuture}) are counted by the series and shown with its
 * snapshots; events too far ahead are also left out of the first and last times in {@link ReplayStats}. Not thread-safe; one replay at a time per registry.
 */
public final class EventsFile {

    /** The first line of every events file of this version. */
    public static final String MAGIC = "#sli-events 1";

    private final SliRegistry registry;
    private final String defaultService;

    private EventsFile(SliRegistry registry, String defaultService) {
        this.registry = registry;
        this.defaultService = defaultService;
    }

    /**
     * Replays {@code file} into {@code registry}; SLI names without a service belong to {@code defaultService}.
     *
     * @throws ReplayException for a line that cannot be read, with file, line and field
     * @throws IOException if the file cannot be read at all
     */
    public static ReplayStats replay(Path file, SliRegistry registry, String defaultService) throws IOException, ReplayException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return replay(reader, file.toString(), registry, defaultService);
        }
    }

    /** Replays from {@code reader}; {@code source} names it in errors. */
    public static ReplayStats replay(Reader reader, String source, SliRegistry registry, String defaultService)
            throws IOException, ReplayException {
        return new EventsFile(registry, defaultService).read(
                reader instanceof BufferedReader b ? b : new BufferedReader(reader), source);
    }

    private ReplayStats read(BufferedReader in, String source) throws IOException, ReplayException {
        String first = in.readLine();
        if (first == null) {
            throw new ReplayException(source, 1, "empty file; an sli events file starts with '" + MAGIC + "'");
        }
        if (!first.equals(MAGIC)) {
            if (first.startsWith("#sli-events ")) {
                throw new ReplayException(source, 1, "version '" + first.substring(12) + "' is not supported; this reads '"
                        + MAGIC + "'");
            }
            throw new ReplayException(source, 1, "not an sli events file: the first line must be '" + MAGIC + "'");
        }
        long lineNo = 1;
        long events = 0;
        long firstMillis = Long.MAX_VALUE;
        long lastMillis = Long.MIN_VALUE;
        long accepted = 0;
        long ahead = 0;
        Clock clock = registry.options().clock();
        long maxFuture = registry.options().maxFuture().toMillis();
        Map<String, Long> bySli = new LinkedHashMap<>();
        Line line = new Line(source);
        String text;
        while ((text = in.readLine()) != null) {
            lineNo++;
            if (text.isEmpty() || text.charAt(0) == '#') {
                continue;
            }
            line.reset(text, lineNo);
            long at = line.time();
            String qualified = line.field(1, "sli");
            int slash = qualified.indexOf('/');
            String service = slash < 0 ? defaultService : qualified.substring(0, slash);
            String sli = slash < 0 ? qualified : qualified.substring(slash + 1);
            SliKind kind;
            try {
                kind = registry.kindOf(service, sli);
            } catch (IllegalArgumentException e) {
                throw line.error(1, "sli", e.getMessage());
            }
            record(line, kind, service, sli, at);
            events++;
            bySli.merge(service + "/" + sli, 1L, Long::sum);
            // the series refuse what is further ahead of their clock than maxFuture: it must not set the
            // times a report is evaluated at (compared without overflow, whatever the time)
            long now = clock.epochMillis();
            if (at > (now > Long.MAX_VALUE - maxFuture ? Long.MAX_VALUE : now + maxFuture)) {
                ahead++;
                continue;
            }
            accepted++;
            firstMillis = Math.min(firstMillis, at);
            lastMillis = Math.max(lastMillis, at);
        }
        return new ReplayStats(lineNo, events, bySli,
                accepted == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(firstMillis)),
                accepted == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastMillis)), ahead);
    }

    private void record(Line line, SliKind kind, String service, String sli, long at) throws ReplayException {
        switch (kind) {
            case LATENCY:
                line.expectFields(4, "time,sli,seconds,ok|error");
                registry.latency(service, sli).recordAt(at, line.secondsAsNanos(2, "seconds"), line.okOrError(3));
                break;
            case OUTCOME:
                line.expectFields(3, "time,sli,ok|error");
                registry.outcome(service, sli).recordAt(at, line.okOrError(2));
                break;
            case READINESS:
                line.expectFields(5, "time,sli,workload,desired,ready");
                ReadinessGroupSeries group = registry.readiness(service, sli);
                String workload = line.field(2, "workload");
                int index = group.workloads().indexOf(workload);
                if (index < 0) {
                    throw line.error(2, "workload", "'" + workload + "' is not a workload of " + service + "/" + sli
                            + "; its workloads: " + group.workloads());
                }
                group.recordAt(at, index, line.integer(3, "desired"), line.integer(4, "ready"));
                break;
            case PROBE:
                line.expectFields(4, "time,sli,up|down,latency-seconds");
                String state = line.field(2, "up|down");
                if (!state.equals("up") && !state.equals("down")) {
                    throw line.error(2, "up|down", "'" + state + "' is neither up nor down");
                }
                registry.probe(service, sli).recordAt(at, state.equals("up"), line.secondsAsNanos(3, "latency-seconds"));
                break;
            case WORK:
                String event = line.field(2, "start|finish");
                if (event.equals("start")) {
                    line.expectFields(4, "time,sli,start,id");
                    registry.work(service, sli).startAt(at, line.field(3, "id"));
                } else if (event.equals("finish")) {
                    line.expectFields(5, "time,sli,finish,id,ok|failed");
                    String result = line.field(4, "ok|failed");
                    if (!result.equals("ok") && !result.equals("failed")) {
                        throw line.error(4, "ok|failed", "'" + result + "' is neither ok nor failed");
                    }
                    registry.work(service, sli).finishAt(at, line.field(3, "id"), result.equals("ok"));
                } else {
                    throw line.error(2, "start|finish", "'" + event + "' is neither start nor finish");
                }
                break;
            default:
                throw line.error(1, "sli", "SLI kind " + kind + " cannot be replayed");
        }
    }

    /** One line split on commas, without allocating per field until asked. */
    private static final class Line {
        private final String source;
        private String text;
        private long number;
        private final int[] starts = new int[16];
        private final int[] ends = new int[16];
        private int count;

        Line(String source) {
            this.source = source;
        }

        void reset(String text, long number) throws ReplayException {
            this.text = text;
            this.number = number;
            count = 0;
            int start = 0;
            for (int i = 0; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == ',') {
                    if (count == starts.length) {
                        throw new ReplayException(source, number, "more than " + starts.length + " fields");
                    }
                    starts[count] = start;
                    ends[count] = i;
                    count++;
                    start = i + 1;
                }
            }
            if (count < 2) {
                throw new ReplayException(source, number, "expected at least time,sli but found " + count + " field");
            }
        }

        ReplayException error(int index, String name, String problem) {
            return new ReplayException(source, number, "field " + (index + 1) + " (" + name + "): " + problem);
        }

        void expectFields(int n, String layout) throws ReplayException {
            if (count != n) {
                throw new ReplayException(source, number, "expected " + n + " fields (" + layout + ") but found " + count);
            }
        }

        String field(int index, String name) throws ReplayException {
            String value = text.substring(starts[index], ends[index]).trim();
            if (value.isEmpty()) {
                throw error(index, name, "is empty");
            }
            return value;
        }

        long time() throws ReplayException {
            String value = field(0, "time");
            try {
                if (value.chars().allMatch(Character::isDigit)) {
                    return Long.parseLong(value);
                }
                return Instant.parse(value).toEpochMilli();
            } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
                throw error(0, "time", "'" + value + "' is neither an ISO-8601 instant nor epoch milliseconds");
            }
        }

        long secondsAsNanos(int index, String name) throws ReplayException {
            String value = field(index, name);
            double seconds;
            try {
                seconds = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw error(index, name, "'" + value + "' is not a number of seconds");
            }
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw error(index, name, "'" + value + "' is not a finite number of seconds");
            }
            double nanos = seconds * 1e9;
            return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(nanos);
        }

        boolean okOrError(int index) throws ReplayException {
            String value = field(index, "ok|error");
            if (value.equals("ok")) {
                return true;
            }
            if (value.equals("error")) {
                return false;
            }
            throw error(index, "ok|error", "'" + value + "' is neither ok nor error");
        }

        int integer(int index, String name) throws ReplayException {
            String value = field(index, name);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw error(index, name, "'" + value + "' is not a whole number");
            }
        }
    }
}
