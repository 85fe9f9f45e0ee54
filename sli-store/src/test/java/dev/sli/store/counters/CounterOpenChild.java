package dev.sli.store.counters;

import dev.sli.store.directory.StoreException;
import java.nio.file.Path;

/**
 * A child JVM for {@link BadCounterFilesTest}: opens a counters directory one way and prints what happened
 * ("OPENED", or "PROBLEM name" and "MESSAGE text"). Run without the right to bypass file permissions.
 */
final class CounterOpenChild {

    private CounterOpenChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long resolution = Long.parseLong(args[1]);
        try {
            switch (args[2]) {
                case "clean" -> DayCounters.openForWriting(dir, resolution, false).close();
                case "recover" -> DayCounters.openForWriting(dir, resolution, true).close();
                default -> DayCounters.readSnapshot(dir, resolution);
            }
            System.out.println("OPENED");
        } catch (StoreException e) {
            System.out.println("PROBLEM " + e.problem());
            System.out.println("MESSAGE " + e.getMessage());
        }
    }
}
