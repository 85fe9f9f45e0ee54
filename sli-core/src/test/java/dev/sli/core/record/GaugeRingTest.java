package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GaugeRingTest {

    @Test
    void everySampleIsConsumedOnceAndEachProducersSamplesInOrder() throws Exception {
        GaugeRing ring = new GaugeRing(64);
        int producers = 4;
        int perProducer = 200_000;
        long[] lastSeen = new long[producers];
        java.util.Arrays.fill(lastSeen, -1);
        AtomicLong consumed = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        GaugeRing.Consumer consumer = (time, value, ref) -> {
            int p = (int) (value >>> 32);
            long n = value & 0xFFFF_FFFFL;
            if (n <= lastSeen[p]) {
                outOfOrder.incrementAndGet();
            }
            lastSeen[p] = n;
            consumed.incrementAndGet();
        };
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long id = p;
            threads.add(new Thread(() -> {
                for (long n = 0; n < perProducer; n++) {
                    while (!ring.offer(n, (id << 32) | n, consumer)) {
                        rejected.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        ring.drain(consumer);
        assertEquals((long) producers * perProducer, consumed.get());
        assertEquals(0, outOfOrder.get());
        for (long last : lastSeen) {
            assertEquals(perProducer - 1, last);
        }
    }

    @Test
    void aFullRingRefusesInsteadOfOverwriting() {
        GaugeRing ring = new GaugeRing(4);
        List<Long> seen = new ArrayList<>();
        GaugeRing.Consumer blocked = (t, v, r) -> seen.add(v);
        // hold the consumer role so that producers cannot drain
        ring.withConsumerRole(blocked, () -> {
            for (long i = 0; i < 4; i++) {
                assertTrue(ring.offer(i, i, blocked));
            }
            assertFalse(ring.offer(4, 4, blocked));
        });
        ring.drain(blocked);
        assertEquals(List.of(0L, 1L, 2L, 3L), seen);
    }
}
