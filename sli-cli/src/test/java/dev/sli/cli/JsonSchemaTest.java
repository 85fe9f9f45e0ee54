package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sli.cli.LintCommandTest.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code --format json} output of every command validated against its published JSON Schema
 * (draft 2020-12, {@code src/main/resources/schema/}) by networknt's validator, format assertions on;
 * the schemas themselves validated against the draft's meta-schema; and a mutated output refused, so that
 * the check can fail.
 */
class JsonSchemaTest {

    static final String PREFIX = "https://sli.dev/schema/";

    /** {@code https://sli.dev/schema/X/v1} read from {@code classpath:schema/X/v1.schema.json}. */
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.add(iri -> iri.toString().startsWith(PREFIX)
                    ? AbsoluteIri.of("classpath:schema/" + iri.toString().substring(PREFIX.length()) + ".schema.json") : null)));
    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    @TempDir
    Path dir;

    static Set<ValidationMessage> validate(String schemaId, JsonNode output) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(schemaId), CONFIG);
        return schema.validate(output);
    }

    static JsonNode check(String command, Run run) throws IOException {
        JsonNode output = ReplayCommandTest.JSON.readTree(String.join("\n", run.out()));
        String id = PREFIX + command + "/v1";
        assertEquals(id, output.path("schema").asText());
        assertEquals(Set.of(), validate(id, output), command);
        return output;
    }

    @Test
    void everySchemaIsAValidDraft202012Schema() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
        for (String name : List.of("objectives", "report", "replay", "inspect", "gate", "lint")) {
            try (InputStream in = getClass().getResourceAsStream("/schema/" + name + "/v1.schema.json")) {
                JsonNode schema = ReplayCommandTest.JSON.readTree(in);
                assertEquals(PREFIX + name + "/v1", schema.path("$id").asText());
                assertEquals(Set.of(), meta.validate(schema), name);
            }
        }
    }

    @Test
    void reportAndReplayOutputFollowTheirSchemas() throws IOException {
        JsonNode report = check("report", LintCommandTest.sli("report", LintCommandTest.EXAMPLE, "--data",
                ReportCommandTest.DATA.toString(), "--format", "json"));
        ReplayCommandTest.Run replay = ReplayCommandTest.replay(DefaultImport.INSTANCE, ReplayCommandTest.CONFIG, "--data",
                ReplayCommandTest.SEED7.toString(), "--format", "json");
        JsonNode replayed = ReplayCommandTest.JSON.readTree(replay.out());
        assertEquals(Set.of(), validate(PREFIX + "replay/v1", replayed));
        // the objectives' part is one definition: the same fields in both
        assertEquals(fieldNames(report.path("objectives").get(0)), fieldNames(replayed.path("objectives").get(0)));
    }

    @Test
    void inspectAndGateOutputFollowTheirSchemas() throws IOException {
        Path store = dir.resolve("store");
        assertEquals(0, LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", ReplayCommandTest.SEED7.toString(),
                "--store", store.toString()).exitCode());
        JsonNode inspect = check("inspect", LintCommandTest.sli("inspect", store.toString(), "--format", "json"));
        assertFalse(inspect.path("objectives").isEmpty());
        for (String floor : List.of("0%", "100%")) {
            check("gate", LintCommandTest.sli("gate", store.toString(), "--slo", "success-rate-sla", "--min-budget", floor,
                    "--format", "json"));
        }
        // an objective with no data: closed, no remaining budget
        JsonNode none = check("gate", LintCommandTest.sli("gate", store.toString(), "--slo", "uptime-sla", "--min-budget", "10%",
                "--format", "json"));
        assertEquals("NO_DATA", none.path("reason").asText());
    }

    @Test
    void lintOutputFollowsItsSchemaForValidAndInvalidConfigs() throws IOException {
        check("lint", LintCommandTest.sli("lint", LintCommandTest.EXAMPLE, "--format", "json"));
        Path invalid = Files.writeString(dir.resolve("invalid.json"), ExitCodesTest.CONFIG.replace("0.99", "99"));
        check("lint", LintCommandTest.sli("lint", invalid.toString(), "--format", "json"));
    }

    @Test
    void theSchemasRefuseOutputThatDriftsFromThem() throws IOException {
        JsonNode report = ReplayCommandTest.JSON.readTree(String.join("\n", LintCommandTest.sli("report", LintCommandTest.EXAMPLE,
                "--data", ReportCommandTest.DATA.toString(), "--format", "json").out()));
        ObjectNode missing = report.deepCopy();
        ((ObjectNode) missing.path("objectives").get(0)).remove("verdict");
        assertEquals(1, validate(PREFIX + "report/v1", missing).size());
        ObjectNode added = report.deepCopy();
        ((ObjectNode) added.path("objectives").get(0).path("budget")).put("left", 3);
        assertEquals(1, validate(PREFIX + "report/v1", added).size());
        ObjectNode badInstant = report.deepCopy();
        badInstant.put("evaluatedAt", "yesterday");
        assertEquals(1, validate(PREFIX + "report/v1", badInstant).size());
        ObjectNode otherVersion = report.deepCopy();
        otherVersion.put("schema", PREFIX + "report/v2");
        assertEquals(1, validate(PREFIX + "report/v1", otherVersion).size());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
