package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ChannelHistory#firstNonZero} and {@link ChannelHistory#lastNonZero} against a linear scan. */
class ChannelHistoryBoundsTest {

    @Test
    void firstAndLastNonZeroBucketsMatchALinearScanOfWhatIsRetained() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int capacity = 1 + random.nextInt(64);
            ChannelHistory history = new ChannelHistory(2, capacity);
            long origin = 1_000 + random.nextInt(100);
            int buckets = 1 + random.nextInt(200);
            long[][] values = new long[buckets][2];
            double density = random.nextDouble();
            for (int b = 0; b < buckets; b++) {
                if (random.nextDouble() < density) {
                    values[b][random.nextInt(2)] = 1 + random.nextInt(5);
                }
                if (random.nextInt(10) != 0) { // some buckets are skipped and sealed empty
                    history.append(origin + b, values[b]);
                }
            }
            long frontier = history.frontier();
            for (int q = 0; q < 50; q++) {
                long from = origin - 5 + random.nextInt(buckets + 10);
                long to = from + random.nextInt(buckets + 10);
                for (int c = 0; c < 2; c++) {
                    long first = Long.MIN_VALUE;
                    long last = Long.MIN_VALUE;
                    for (long b = Math.max(from, frontier - capacity); b < Math.min(to, frontier); b++) {
                        int i = (int) (b - origin);
                        boolean sealedWithData = i >= 0 && i < buckets && values[i][c] != 0
                                && history.sum(c, b, b + 1) != 0;
                        if (sealedWithData) {
                            first = first == Long.MIN_VALUE ? b : first;
                            last = b;
                        }
                    }
                    String where = "round " + round + " channel " + c + " [" + from + ", " + to + ")";
                    assertEquals(first, history.firstNonZero(c, from, to), where);
                    assertEquals(last, history.lastNonZero(c, from, to), where);
                }
            }
            assertEquals(Long.MIN_VALUE, history.firstNonZero(0, frontier, frontier + 10));
            assertEquals(Long.MIN_VALUE, new ChannelHistory(1, 4).lastNonZero(0, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }
}
