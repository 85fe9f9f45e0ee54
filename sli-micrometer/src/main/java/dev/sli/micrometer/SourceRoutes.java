package dev.sli.micrometer;

import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import io.micrometer.core.instrument.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Micrometer-fed sources of an {@link SliRegistry}'s SLIs, compiled once: latency SLIs with a
 * {@code timer} selector and outcome SLIs (a {@code total} selector, classified by {@code bad} or
 * {@code good}). {@link #timer} and {@link #counter} match one meter against all of them. Immutable and
 * thread-safe.
 */
final class SourceRoutes {

    /** A latency SLI fed by timers: every timer the selector picks, ok unless {@code bad} picks it too. */
    record LatencyRule(String sli, LatencySeries series, Selector timer, Selector bad) {
    }

    /** An outcome SLI fed by timers and counters: {@code total} picks the meters, {@code classifier} sorts them. */
    record OutcomeRule(String sli, OutcomeSeries series, Selector total, Selector classifier, boolean classifierIsBad) {
    }

    /** What one meter feeds, in rule order; arrays so that the recording path needs no iterator. */
    record Routes(LatencySeries[] latency, boolean[] latencyOk, OutcomeSeries[] outcome, boolean[] outcomeGood,
            List<MeterMapping> mappings) {

        boolean isEmpty() {
            return latency.length == 0 && outcome.length == 0;
        }
    }

    private final List<LatencyRule> latency = new ArrayList<>();
    private final List<OutcomeRule> outcome = new ArrayList<>();

    /**
     * Compiles the sources of {@code slis}.
     *
     * @throws IllegalArgumentException if a {@code bad} or {@code good} selector names another metric than
     *     the one it classifies: a meter's samples are either in the total or not, so such a source cannot be
     *     fed from Micrometer
     */
    SourceRoutes(SliRegistry slis) {
        for (Map.Entry<String, SliSpec> e : slis.specs().entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String service = key.substring(0, slash);
            String name = key.substring(slash + 1);
            Optional<SourceSpec> source = e.getValue().source();
            if (source.isEmpty()) {
                continue;
            }
            SourceSpec s = source.get();
            SliKind kind = e.getValue().kind();
            if (kind == SliKind.LATENCY && s.selector(Role.TIMER).isPresent()) {
                Selector timer = s.selector(Role.TIMER).get();
                Selector bad = s.selector(Role.BAD).map(b -> classifier(key, timer, Role.TIMER, b, Role.BAD)).orElse(null);
                latency.add(new LatencyRule(key, slis.latency(service, name), timer, bad));
            } else if (kind == SliKind.OUTCOME && s.selector(Role.TOTAL).isPresent()) {
                Selector total = s.selector(Role.TOTAL).get();
                boolean isBad = s.selector(Role.BAD).isPresent();
                Role role = isBad ? Role.BAD : Role.GOOD;
                Selector classifier = classifier(key, total, Role.TOTAL, s.selector(role).orElseThrow(), role);
                outcome.add(new OutcomeRule(key, slis.outcome(service, name), total, classifier, isBad));
            }
        }
    }

    /** The classifying selector: the fed selector with the classifier's matchers added. */
    private static Selector classifier(String sli, Selector fed, Role fedRole, Selector by, Role byRole) {
        if (by.metric().isPresent() && !by.metric().equals(fed.metric())) {
            throw new IllegalArgumentException("SLI '" + sli + "': source." + byRole.configName() + " names metric "
                    + by.metric().get() + " but source." + fedRole.configName() + " selects "
                    + fed.metric().map(m -> "metric " + m).orElse("by labels only")
                    + "; from Micrometer a meter is counted whole as good or bad, so source."
                    + byRole.configName() + " may only add label matchers, as in {status=~\"5..\"}");
        }
        return fed.and(by.matchers());
    }

    /** The SLIs a timer feeds: latency SLIs whose timer selector picks it, outcome SLIs whose total does. */
    Routes timer(Meter.Id id) {
        return routes(id, true);
    }

    /** The SLIs a counter feeds: outcome SLIs whose total picks it. */
    Routes counter(Meter.Id id) {
        return routes(id, false);
    }

    /** The SLIs whose sources select {@code id} at all, whatever the meter's type (for diagnostics). */
    List<String> selecting(Meter.Id id) {
        List<String> out = new ArrayList<>();
        for (LatencyRule r : latency) {
            if (matches(r.timer(), id)) {
                out.add(r.sli());
            }
        }
        for (OutcomeRule r : outcome) {
            if (matches(r.total(), id)) {
                out.add(r.sli());
            }
        }
        return out;
    }

    private Routes routes(Meter.Id id, boolean timer) {
        List<LatencySeries> ls = new ArrayList<>();
        List<Boolean> lok = new ArrayList<>();
        List<OutcomeSeries> os = new ArrayList<>();
        List<Boolean> ogood = new ArrayList<>();
        List<MeterMapping> mappings = new ArrayList<>();
        if (timer) {
            for (LatencyRule r : latency) {
                if (matches(r.timer(), id)) {
                    boolean ok = r.bad() == null || !matches(r.bad(), id);
                    ls.add(r.series());
                    lok.add(ok);
                    mappings.add(new MeterMapping(id, r.sli(), SliKind.LATENCY, ok));
                }
            }
        }
        for (OutcomeRule r : outcome) {
            if (matches(r.total(), id)) {
                boolean good = matches(r.classifier(), id) != r.classifierIsBad();
                os.add(r.series());
                ogood.add(good);
                mappings.add(new MeterMapping(id, r.sli(), SliKind.OUTCOME, good));
            }
        }
        return new Routes(ls.toArray(LatencySeries[]::new), booleans(lok), os.toArray(OutcomeSeries[]::new),
                booleans(ogood), List.copyOf(mappings));
    }

    private static boolean[] booleans(List<Boolean> list) {
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static boolean matches(Selector selector, Meter.Id id) {
        return selector.matches(id.getName(), id::getTag);
    }
}
