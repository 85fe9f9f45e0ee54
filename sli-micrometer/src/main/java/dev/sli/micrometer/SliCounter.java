package dev.sli.micrometer;

import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.time.Clock;
import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A counter mapped to outcome SLIs: an increment by a whole number n adds n events, good or bad as decided
 * when the meter was created, to each outcome series it feeds. Thread-safe; incrementing takes no lock and
 * allocates nothing.
 */
final class SliCounter extends AbstractMeter implements Counter {

    /** The outcome series refuse counts from this on in one call. */
    static final double MAX_EVENTS_PER_INCREMENT = 1 << 30;

    private final OutcomeSeries[] outcome;
    private final boolean[] outcomeGood;
    private final Clock clock;
    private final DoubleAdder count = new DoubleAdder();

    SliCounter(Id id, SourceRoutes.Routes routes, Clock clock) {
        super(id);
        this.outcome = routes.outcome();
        this.outcomeGood = routes.outcomeGood();
        this.clock = clock;
    }

    /**
     * Adds {@code amount} events. An amount that is not a whole number from 0 to 2<sup>30</sup> − 1 (a
     * fraction, a negative or NaN amount) is no count of events: each outcome series counts it as rejected
     * ({@code INVALID_VALUE}) and adds nothing.
     */
    @Override
    public void increment(double amount) {
        count.add(amount);
        OutcomeSeries[] os = outcome;
        if (os.length == 0) {
            return;
        }
        long now = clock.epochMillis();
        // The series reject negative counts, counting them: pass -1 for an amount that is no count.
        long events = amount >= 0 && amount < MAX_EVENTS_PER_INCREMENT && amount == Math.rint(amount) ? (long) amount : -1;
        for (int i = 0; i < os.length; i++) {
            if (outcomeGood[i]) {
                os[i].recordCountsAt(now, events, 0);
            } else {
                os[i].recordCountsAt(now, 0, events);
            }
        }
    }

    @Override
    public double count() {
        return count.sum();
    }
}
