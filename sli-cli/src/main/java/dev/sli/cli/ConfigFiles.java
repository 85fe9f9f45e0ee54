package dev.sli.cli;

import dev.sli.core.config.ConfigError;
import dev.sli.core.config.ConfigException;
import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.openslo.OpenSloReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads an SLO config file in either form, told apart by content: sli's JSON config (the first
 * non-blank character is <code>{</code>) or OpenSLO v1 YAML (a top-level {@code apiVersion: openslo/v1}).
 * Every command that takes a config reads it here. Stateless and thread-safe.
 */
final class ConfigFiles {

    /** The two forms of a config. */
    enum Form {
        /** sli's JSON config (format 1). */
        JSON,
        /** OpenSLO v1 multi-document YAML. */
        OPENSLO
    }

    private ConfigFiles() {
    }

    /**
     * The config in {@code file} for a command that uses it: a missing, unreadable or invalid file is a
     * {@link BadInputException} (the config's errors as its detail lines, {@code file: not a valid SLO
     * config; run 'sli lint file' for details} as its message).
     */
    static SloDocument load(Path file) throws BadInputException {
        try {
            return read(file);
        } catch (ConfigException e) {
            throw new BadInputException(e.errors().stream().map(x -> "ERROR " + x).toList(),
                    file + ": not a valid SLO config; run 'sli lint " + file + "' for details");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@link #load}, and then the lint rules: a config with lint errors is a {@link BadInputException} too,
     * its errors and lint's summary line as the detail lines, as {@code sli lint} prints them.
     */
    static SloDocument loadLinted(Path file) throws BadInputException {
        SloDocument document = load(file);
        java.util.List<dev.sli.core.config.Finding> findings = dev.sli.core.config.Lint.check(document,
                java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        java.util.List<String> errors = new java.util.ArrayList<>();
        findings.stream().filter(f -> f.severity() == dev.sli.core.config.Finding.Severity.ERROR).forEach(f -> errors.add(f.toString()));
        if (!errors.isEmpty()) {
            errors.add(LintCommand.summary(file, findings));
            throw new BadInputException(errors, file + " has lint errors; nothing was evaluated");
        }
        return document;
    }

    /**
     * The config in {@code file}, JSON or OpenSLO.
     *
     * @throws ConfigException if it is neither form, or not a valid config of its form
     * @throws IOException if it cannot be read
     */
    static SloDocument read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * The config {@code text}, JSON or OpenSLO, naming {@code source} in errors.
     *
     * @throws ConfigException if it is neither form, or not a valid config of its form
     */
    static SloDocument parse(String text, String source) throws IOException {
        Form form = formOf(text);
        if (form == null) {
            throw new ConfigException(List.of(new ConfigError(source, 1, 1, "",
                    "neither an sli JSON config (starting with '{') nor OpenSLO YAML (with apiVersion: openslo/v1)")));
        }
        return form == Form.JSON ? ConfigReader.read(new StringReader(text), source)
                : OpenSloReader.read(new StringReader(text), source);
    }

    /** The form of {@code text}, or null when it is neither. */
    static Form formOf(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.strip().startsWith("{")) {
            return Form.JSON;
        }
        for (String line : body.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("apiVersion:") && !line.startsWith(" ") && !line.startsWith("\t")) {
                String value = l.substring("apiVersion:".length()).strip();
                int comment = value.indexOf(" #");
                value = comment >= 0 ? value.substring(0, comment).strip() : value;
                value = value.replaceAll("^([\"'])(.*)\\1$", "$2");
                if (value.startsWith("openslo/")) {
                    return Form.OPENSLO; // the reader says which OpenSLO versions it takes
                }
            }
        }
        return null;
    }
}
