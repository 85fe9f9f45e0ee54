package dev.sli.store.imports;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one export format, streaming: memory stays bounded whatever the input's size (a line or a
 * value too long to be real is an error, not an allocation). Each format's importer is stateless and
 * thread-safe; one call reads one input.
 */
@FunctionalInterface
public interface Importer {

    /**
     * Reads all of {@code in} (already decompressed) into {@code sink}.
     *
     * @param source how to name the input in errors (a file path or a URL)
     * @throws ImportException for input that cannot be read, naming the source, line or byte offset, and
     *     what was expected
     * @throws IOException when reading fails
     */
    void read(InputStream in, String source, SampleSink sink) throws IOException, ImportException;
}
