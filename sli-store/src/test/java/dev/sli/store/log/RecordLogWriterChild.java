package dev.sli.store.log;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** Appends records with sequence numbers until killed, printing how many are written every 500. */
final class RecordLogWriterChild {

    private RecordLogWriterChild() {
    }

    public static void main(String[] args) throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        try (RecordLog log = RecordLog.openForAppend(Path.of(args[0]))) {
            for (long seq = 0; ; seq++) {
                log.append(RecordLogTest.payload(r, seq));
                if ((seq + 1) % 500 == 0) {
                    System.out.println("written " + (seq + 1)); // printed after the write returned
                    System.out.flush();
                }
            }
        }
    }
}
