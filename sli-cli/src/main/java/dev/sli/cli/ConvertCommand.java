package dev.sli.cli;

import dev.sli.core.config.ConfigException;
import dev.sli.core.config.SloDocument;
import dev.sli.openslo.OpenSloWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sli convert <config> --to openslo|json [-o FILE]}: reads an SLO config in either form and
 * writes it in the other (or the same) form, to stdout or a file. The config must be valid; lint
 * findings do not stop a conversion. Exit 0 converted, 2 bad input or usage (the error names the file,
 * line and field), 3 internal error. One instance per invocation; not thread-safe.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Converts an SLO config between sli's JSON and OpenSLO v1 YAML.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the config was converted",
            "2:bad input or usage: the config is invalid or unreadable, the target form cannot carry it, "
                + "or the output cannot be written",
            "3:internal error (one line; the stack trace with --debug)"})
final class ConvertCommand implements Callable<Integer> {

    /** The form to write. */
    enum To { OPENSLO, JSON }

    @Parameters(index = "0", paramLabel = "<config>", description = "The SLO config: sli JSON or OpenSLO YAML.")
    private Path config;

    @Option(names = "--to", required = true, paramLabel = "openslo|json", description = "The form to write.")
    private To to;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of to stdout.")
    private Path output;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        SloDocument document;
        try {
            document = ConfigFiles.read(config);
        } catch (ConfigException e) {
            throw new BadInputException(e.errors().stream().map(x -> "ERROR " + x).toList(),
                    config + ": not a valid SLO config; nothing was written");
        } catch (NoSuchFileException e) {
            throw new BadInputException(config + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + config + ": " + e.getMessage());
        }
        String text;
        try {
            text = to == To.OPENSLO ? OpenSloWriter.write(document) : JsonConfigWriter.write(document);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(config + " cannot be written as " + (to == To.OPENSLO ? "OpenSLO" : "JSON")
                    + ": " + e.getMessage());
        }
        if (output == null) {
            out.print(text);
            out.flush();
            return Main.OK;
        }
        try {
            if (Files.exists(output) && Files.isSameFile(output, config)) {
                throw new BadInputException(output + " is the config itself; write to another file");
            }
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + output + ": " + e.getMessage());
        }
        return Main.OK;
    }
}
