package dev.sli.cli;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.ManualClock;
import dev.sli.store.SliStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A service that writes a store for {@link RunningWriterTest}: records {@link StoreCommandsTest}'s day of
 * payments (10 000, 50 failed), seals it, prints {@code WRITING <pid>}, then keeps recording into the next
 * day until its standard input closes (or two minutes pass).
 */
final class RunningWriterChild {

    private RunningWriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long day = Duration.ofDays(1).toMillis();
        ManualClock clock = ManualClock.atEpochMillis(StoreCommandsTest.T0 + day);
        SeriesOptions options = SeriesOptions.builder().clock(clock)
                .retention(ObjectiveOutput.retentionFor(ConfigReader.parse(StoreCommandsTest.CONFIG)))
                .retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build();
        SliStore store = SliStore.open(dir, ConfigReader.parse(StoreCommandsTest.CONFIG), StoreCommandsTest.CONFIG, options,
                Duration.ofMillis(100));
        OutcomeSeries payments = store.registry().outcome("shop", "payments");
        for (int i = 0; i < 100; i++) {
            payments.recordCountsAt(StoreCommandsTest.T0 + i * 864_000L, i < 50 ? 99 : 100, i < 50 ? 1 : 0);
        }
        store.registry().evaluate(clock.epochMillis());
        System.out.println("WRITING " + ProcessHandle.current().pid());
        System.out.flush();
        Thread writer = new Thread(() -> {
            long t = StoreCommandsTest.T0 + day + 1;
            while (!Thread.currentThread().isInterrupted()) {
                payments.recordCountsAt(Math.min(t, StoreCommandsTest.T0 + day + 59_000), 1, 0); // stays in the open bucket
                t += 1;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.setDaemon(true);
        writer.start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.in.read() >= 0 && System.currentTimeMillis() < deadline) {
            // until the parent closes our standard input
        }
        writer.interrupt();
        store.close();
    }
}
