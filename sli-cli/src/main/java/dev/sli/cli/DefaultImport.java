package dev.sli.cli;

import dev.sli.store.imports.Format;
import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.Importers;
import dev.sli.store.imports.SampleSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code sli replay} reads files: sli-store's importers, the format detected from the content unless
 * {@code --input-format} names one ({@code prometheus-json}, {@code csv}, {@code exposition}, {@code hlog}).
 */
enum DefaultImport implements SeriesImport {
    INSTANCE;

    @Override
    public void read(Path file, Optional<String> format, SampleSink sink) throws IOException, ImportException {
        Optional<Format> chosen = Optional.empty();
        if (format.isPresent()) {
            String name = format.get().trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            try {
                chosen = Optional.of(Format.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new ImportException(file.toString(), 0, -1, "--input-format " + Terminal.excerpt(format.get())
                        + " is not one of prometheus-json, csv, exposition, hlog");
            }
        }
        Importers.defaults().read(file, chosen, sink);
    }
}
