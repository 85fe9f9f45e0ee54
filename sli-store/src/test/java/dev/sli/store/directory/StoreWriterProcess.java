package dev.sli.store.directory;

import dev.sli.core.record.SeriesKind;
import java.nio.file.Path;

/**
 * A child JVM for {@link SecondProcessTest}. {@code hold DIR}: opens the store for writing, adds a series,
 * prints {@code HOLDING <pid>}, and holds it until its standard input closes, then closes it cleanly and
 * prints {@code CLOSED}. {@code try DIR}: tries to open the store for writing once and prints
 * {@code OPENED <previous shutdown>} or {@code FAILED <problem> <message>}. Either way it halts itself
 * after two minutes, so it never outlives a test that lost track of it.
 */
final class StoreWriterProcess {

    private StoreWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Thread guard = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(99);
        });
        guard.setDaemon(true);
        guard.start();
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "hold" -> {
                StoreDirectory store = StoreDirectory.openForWriting(dir);
                store.addSeries("child/requests", SeriesKind.OUTCOME);
                System.out.println("HOLDING " + ProcessHandle.current().pid());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold the store until the parent closes our input
                }
                store.close();
                System.out.println("CLOSED");
            }
            case "try" -> {
                try (StoreDirectory store = StoreDirectory.openForWriting(dir)) {
                    System.out.println("OPENED " + store.previousShutdown());
                } catch (StoreException e) {
                    System.out.println("FAILED " + e.problem() + " " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("mode must be hold or try, got " + args[0]);
        }
        System.out.flush();
    }
}
