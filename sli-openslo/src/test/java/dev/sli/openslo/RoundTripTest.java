package dev.sli.openslo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.Lint;
import dev.sli.core.config.SloDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void registryJsonToOpenSloAndBackIsTheSameModel() throws Exception {
        SloDocument json = ConfigReader.read(EXAMPLES.resolve("registry-slo.json"));
        String yaml = OpenSloWriter.write(json);
        Files.writeString(Path.of("target", "registry-openslo.yaml"), yaml);
        SloDocument back = OpenSloReader.parse(yaml);
        Models.assertSameDocument(json, back);
        LocalDate today = LocalDate.of(2024, 6, 1);
        assertEquals(Lint.check(json, today), Lint.check(back, today));
    }

    @Test
    void theOpenSloExampleIsTheRegistryDocumentAndWhatTheWriterWrites() throws Exception {
        SloDocument json = ConfigReader.read(EXAMPLES.resolve("registry-slo.json"));
        Path yaml = EXAMPLES.resolve("registry-openslo.yaml");
        SloDocument example = OpenSloReader.read(yaml);
        Models.assertSameDocument(json, example);
        LocalDate today = LocalDate.of(2024, 9, 2);
        assertEquals(Lint.check(json, today), Lint.check(example, today));
        String text = Files.readString(yaml);
        assertEquals(OpenSloWriter.write(json), text.substring(text.indexOf("# OpenSLO v1, written by sli.")));
    }
}
