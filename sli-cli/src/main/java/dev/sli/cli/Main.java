package dev.sli.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code sli} command. Each subcommand is its own class, listed here. Exit codes: 0 success, 1 the
 * command ran and found a failure (an invalid config, findings at the {@code --fail-on} level), 2 bad
 * usage. One instance per invocation; not thread-safe.
 */
@Command(name = "sli", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Service-level indicators and objectives: check SLO configs and evaluate them on data.",
        subcommands = {LintCommand.class, ReportCommand.class, ReplayCommand.class, InspectCommand.class, ParityCommand.class,
            GateCommand.class, ConvertCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Runs {@code sli} with {@code args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The {@code sli} command line, ready to execute; tests set its output writers. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sli " + (version == null ? "(development build)" : version)};
        }
    }
}
