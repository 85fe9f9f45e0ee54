package dev.sli.cli;

import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.SampleSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code sli replay} reads one export file into a sink: the seam to the importers' facade
 * ({@code dev.sli.store.imports.Importers.read}), which detects the format unless one is given.
 */
@FunctionalInterface
interface SeriesImport {

    /**
     * Reads {@code file} into {@code sink}.
     *
     * @param format the format named by {@code --input-format}, empty to detect it
     * @throws ImportException for input that cannot be read, naming file, line or byte offset
     */
    void read(Path file, Optional<String> format, SampleSink sink) throws IOException, ImportException;
}
