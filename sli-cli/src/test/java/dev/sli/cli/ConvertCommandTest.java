package dev.sli.cli;

import static dev.sli.cli.LintCommandTest.sli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sli.cli.LintCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

    static final Path JSON_EXAMPLE = Path.of("..", "examples", "registry-slo.json");
    static final Path YAML_EXAMPLE = Path.of("..", "examples", "registry-openslo.yaml");

    private static JsonNode tree(String json) throws IOException {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void openSloExampleConvertsToTheHandWrittenJsonExample() throws IOException {
        Run run = sli("convert", YAML_EXAMPLE.toString(), "--to", "json");
        assertEquals(List.of(), run.err());
        assertEquals(0, run.exitCode());
        assertEquals(tree(Files.readString(JSON_EXAMPLE)), tree(String.join("\n", run.out())));
    }

    @Test
    void jsonToOpenSloAndBackToJsonIsTheSameJson(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("registry.yaml");
        Path json = dir.resolve("registry.json");
        assertEquals(0, sli("convert", JSON_EXAMPLE.toString(), "--to", "openslo", "-o", yaml.toString()).exitCode());
        assertTrue(Files.readString(yaml).contains("apiVersion: openslo/v1\nkind: SLO\n"));
        Run run = sli("convert", yaml.toString(), "--to=json", "--output", json.toString());
        assertEquals(List.of(), run.out());
        assertEquals(0, run.exitCode());
        assertEquals(tree(Files.readString(JSON_EXAMPLE)), tree(Files.readString(json)));
    }

    @Test
    void lintGivesTheSameFindingsForTheOpenSloExample() {
        Run json = sli("lint", JSON_EXAMPLE.toString(), "--today=2024-06-01");
        Run yaml = sli("lint", YAML_EXAMPLE.toString(), "--today=2024-06-01");
        assertEquals(json.exitCode(), yaml.exitCode());
        List<String> expected = json.out().subList(0, json.out().size() - 1);
        assertEquals(expected, yaml.out().subList(0, yaml.out().size() - 1));
        assertEquals(YAML_EXAMPLE + ": 0 errors, 2 warnings, 13 notes", yaml.out().get(yaml.out().size() - 1));
        assertEquals(List.of(), yaml.err());
    }

    @Test
    void lintNamesFileLineColumnDocumentAndFieldOfAnOpenSloError(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, String.join("\n",
                "apiVersion: openslo/v1",
                "kind: Service",
                "metadata:",
                "  name: web",
                "spec: {}",
                "---",
                "apiVersion: openslo/v1",
                "kind: SLO",
                "metadata:",
                "  name: web-availability",
                "spec:",
                "  service: web",
                "  indicatorRef: nowhere",
                "  timeWindow:",
                "    - duration: 4w",
                "      isRolling: true",
                "  budgetingMethod: Occurrences",
                "  objectives:",
                "    - target: \"0.99\"",
                ""));
        Run run = sli("lint", bad.toString());
        assertEquals(List.of(), run.out());
        assertEquals(List.of(
                "ERROR " + bad + ":13:17: documents[1].spec.indicatorRef: no SLI named \"nowhere\" in this file",
                "ERROR " + bad + ":19:15: documents[1].spec.objectives[0].target: the string \"0.99\" is not a number",
                bad + ": not a valid SLO config (2 errors)"), run.err());
        assertEquals(1, run.exitCode());
    }

    @Test
    void refusesAFileThatIsNeitherForm(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "services: []\n");
        Run run = sli("lint", text.toString());
        assertEquals("ERROR " + text + ":1:1: (document): neither an sli JSON config (starting with '{') nor OpenSLO "
                + "YAML (with apiVersion: openslo/v1)", run.err().get(0));
        assertEquals(1, run.exitCode());
    }

    @Test
    void refusesToOverwriteItsInput(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("registry.json");
        Files.copy(JSON_EXAMPLE, copy);
        Run run = sli("convert", copy.toString(), "--to", "json", "-o", copy.toString());
        assertEquals(List.of("sli convert: " + copy + " is the config itself; write to another file"), run.err());
        assertEquals(2, run.exitCode());
        assertEquals(Files.readString(JSON_EXAMPLE), Files.readString(copy));
    }

    @Test
    void saysWhatTheTargetFormCannotCarry(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("odd.json");
        Files.writeString(config, Files.readString(JSON_EXAMPLE).replace("\"name\": \"uptime-sla\"", "\"name\": \"Uptime_SLA\""));
        Run run = sli("convert", config.toString(), "--to", "openslo");
        assertEquals(List.of(), run.out());
        assertEquals(List.of("sli convert: " + config + " cannot be written as OpenSLO: objective Uptime_SLA: the name "
                + "\"Uptime_SLA\" is not an OpenSLO name (RFC 1123: at most 63 lowercase letters, digits and '-', starting "
                + "and ending with a letter or digit)"), run.err());
        assertEquals(2, run.exitCode());
        assertFalse(run.err().isEmpty());
    }

    @Test
    void toIsRequired() {
        Run run = sli("convert", JSON_EXAMPLE.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("sli convert: Missing required option: '--to=openslo|json'",
                "Try 'sli convert --help' for more information."), run.err());
    }
}
