package dev.sli.cli;

import dev.sli.store.imports.SampleSink;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The importers' facade as {@code sli replay} reads files with it. The facade
 * ({@code dev.sli.store.imports.Importers.read}) is not in this build yet: until it is, every read ends
 * the command as an internal error that says so, never as a silent empty replay.
 */
enum DefaultImport implements SeriesImport {
    INSTANCE;

    @Override
    public void read(Path file, Optional<String> format, SampleSink sink) {
        throw new UnsupportedOperationException("this build has no importers yet (dev.sli.store.imports.Importers); "
                + "cannot read " + file);
    }
}
