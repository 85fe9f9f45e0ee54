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
 * findings do not stop a conversion. One instance per invocation; not thread-safe.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Converts an SLO config between sli's JSON and OpenSLO v1 YAML.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the config was converted",
            "1:the config is invalid or unreadable, the target form cannot carry it, or the output cannot be written",
            "2:bad usage"})
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
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SloDocument document;
        try {
            document = ConfigFiles.read(config);
        } catch (ConfigException e) {
            e.errors().forEach(x -> err.println("ERROR " + x));
            err.println(config + ": not a valid SLO config; nothing was written");
            err.flush();
            return 1;
        } catch (NoSuchFileException e) {
            err.println("sli convert: " + config + ": no such file");
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("sli convert: cannot read " + config + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        String text;
        try {
            text = to == To.OPENSLO ? OpenSloWriter.write(document) : JsonConfigWriter.write(document);
        } catch (IllegalArgumentException e) {
            err.println("sli convert: " + config + " cannot be written as " + (to == To.OPENSLO ? "OpenSLO" : "JSON")
                    + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        if (output == null) {
            out.print(text);
            out.flush();
            return 0;
        }
        try {
            if (Files.exists(output) && Files.isSameFile(output, config)) {
                err.println("sli convert: " + output + " is the config itself; write to another file");
                err.flush();
                return 1;
            }
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("sli convert: cannot write " + output + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        return 0;
    }
}
