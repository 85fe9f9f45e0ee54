package dev.sli.store.history;

import dev.sli.core.history.HistoryShape;
import dev.sli.core.history.SealedHistory;
import dev.sli.core.history.SeriesHistoryContract;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * sli-core's store-seam contract on {@link LogSealedHistory}: every series kind answers as on the heap, and
 * continues after its files are closed and opened again by a new factory, as after a restart.
 */
class LogHistoryContractTest extends SeriesHistoryContract {

    @TempDir
    Path dir;

    /** Opens log histories in a directory and remembers them, so that a "restart" can close them first. */
    private static final class Opened implements SealedHistory.Factory {
        final Path directory;
        final SealedHistory.Factory logs;
        final List<Closeable> open = new ArrayList<>();

        Opened(Path directory) {
            this.directory = directory;
            this.logs = LogSealedHistory.in(directory);
        }

        @Override
        public SealedHistory open(String series, HistoryShape shape) {
            SealedHistory h = logs.open(series, shape);
            open.add((Closeable) h);
            return h;
        }

        void close() throws IOException {
            for (Closeable c : open) {
                c.close();
            }
        }
    }

    @Override
    protected SealedHistory.Factory fresh() throws IOException {
        Path d = Files.createTempDirectory(dir, "store");
        return new Opened(d);
    }

    @Override
    protected SealedHistory.Factory reopen(SealedHistory.Factory factory) throws IOException {
        Opened o = (Opened) factory;
        o.close();
        return new Opened(o.directory);
    }
}
