package dev.sli.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.ConfigError;
import dev.sli.core.config.ConfigException;
import dev.sli.core.config.Finding;
import dev.sli.core.config.Lint;
import dev.sli.core.config.SloDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code sli lint <config.json>}: reads an SLO config and prints what {@link Lint} finds, one line per
 * finding and a summary, or the config's errors (file:line:column: path: problem) on stderr. Exit 0 when
 * nothing is at the {@code --fail-on} level, 1 when something is or the config is invalid, 2 when it cannot
 * be read or for bad usage, 3 for an internal error. One instance per invocation; not thread-safe.
 */
@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks an SLO config: each value on its own, then how the objectives fit together.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the config is valid and nothing was found at the --fail-on level",
            "1:the config is invalid, or a finding is at the --fail-on level",
            "2:the config cannot be read (no such file, not readable), or bad usage",
            "3:internal error (one line; the stack trace with --debug)"})
final class LintCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = ObjectiveOutput.JSON;

    enum Format { TEXT, JSON }

    /** The JSON schema of {@code --format json}. */
    static final String SCHEMA = "https://sli.dev/schema/lint/v1";

    /** Which findings make the command fail. */
    enum FailOn {
        ERROR, WARNING, NEVER;

        boolean failsOn(Finding.Severity severity) {
            return this == WARNING ? severity != Finding.Severity.NOTE : this == ERROR && severity == Finding.Severity.ERROR;
        }
    }

    @Parameters(index = "0", paramLabel = "<config>", description = "The SLO config to check: sli JSON or OpenSLO YAML.")
    private Path config;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
            description = "The date the review rules judge by (default: the system's date), for reproducible output.")
    private LocalDate today;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output as text lines or as one JSON object (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--fail-on", defaultValue = "error", paramLabel = "error|warning|never",
            description = "Exit 1 when a finding is at least this severe (default: ${DEFAULT-VALUE}).")
    private FailOn failOn;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SloDocument document;
        try {
            document = ConfigFiles.read(config);
        } catch (ConfigException e) {
            printInvalid(e.errors(), out, err);
            return Main.FAILED;
        } catch (NoSuchFileException e) {
            throw new BadInputException(config + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + config + ": " + e.getMessage());
        }
        List<Finding> findings = Lint.check(document, today == null ? LocalDate.now() : today);
        if (format == Format.JSON) {
            out.println(json(findings));
        } else {
            print(findings, out);
            out.println(summary(config, findings));
        }
        out.flush();
        return findings.stream().anyMatch(f -> failOn.failsOn(f.severity())) ? Main.FAILED : Main.OK;
    }

    /** Prints {@code findings} one a line, as {@code sli lint} prints them (shared with {@code sli report}). */
    static void print(List<Finding> findings, PrintWriter out) {
        findings.forEach(f -> out.println(Terminal.message(f.toString())));
    }

    /** The summary line {@code sli lint} ends with: {@code config: 1 error, 2 warnings, 12 notes}. */
    static String summary(Path config, List<Finding> findings) {
        return Terminal.safe(config.toString()) + ": " + count(findings, Finding.Severity.ERROR, "error") + ", "
                + count(findings, Finding.Severity.WARNING, "warning") + ", "
                + count(findings, Finding.Severity.NOTE, "note");
    }

    private void printInvalid(List<ConfigError> errors, PrintWriter out, PrintWriter err) {
        if (format == Format.JSON) {
            ObjectNode root = JSON.createObjectNode();
            root.put("schema", SCHEMA);
            root.put("file", config.toString());
            root.put("valid", false);
            ArrayNode array = root.putArray("configErrors");
            for (ConfigError error : errors) {
                ObjectNode node = array.addObject();
                node.put("line", error.line());
                node.put("column", error.column());
                node.put("path", error.path());
                node.put("message", error.problem());
            }
            out.println(write(root));
            out.flush();
        } else {
            errors.forEach(e -> err.println(Terminal.message("ERROR " + e)));
            err.println(Terminal.safe(config.toString()) + ": not a valid SLO config (" + plural(errors.size(), "error") + ")");
            err.flush();
        }
    }

    private String json(List<Finding> findings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("file", config.toString());
        root.put("valid", true);
        ArrayNode array = root.putArray("findings");
        for (Finding finding : findings) {
            ObjectNode node = array.addObject();
            node.put("severity", finding.severity().name());
            node.put("rule", finding.rule());
            node.put("path", finding.path());
            node.put("message", finding.message());
        }
        root.put("errors", countOf(findings, Finding.Severity.ERROR));
        root.put("warnings", countOf(findings, Finding.Severity.WARNING));
        root.put("notes", countOf(findings, Finding.Severity.NOTE));
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static long countOf(List<Finding> findings, Finding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    private static String count(List<Finding> findings, Finding.Severity severity, String noun) {
        return plural(countOf(findings, severity), noun);
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** Reads {@code --today}, with a message that says the format. */
    static final class DateConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(Terminal.excerpt(value) + " is not a date; write YYYY-MM-DD");
            }
        }
    }
}
