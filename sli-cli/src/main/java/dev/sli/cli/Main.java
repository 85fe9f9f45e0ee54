package dev.sli.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code sli} command. Each subcommand is its own class, listed here. Exit codes, the same for every
 * subcommand: {@value #OK} ok; {@value #FAILED} the command ran and found a failure (an objective missed or
 * an alert firing, the gate closed, lint findings at the {@code --fail-on} level); {@value #BAD_INPUT} bad
 * input or usage, in one line naming the file, line and field or the option; {@value #INTERNAL} an internal
 * error, in one line (the stack trace only with {@code --debug}). Usage errors and internal errors are
 * turned into those codes here, once, not per command. One instance per invocation; not thread-safe.
 */
@Command(name = "sli", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Service-level indicators and objectives: check SLO configs and evaluate them on data.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:an objective missed, an alert firing, the gate closed, lint findings at the --fail-on level",
            "2:bad input or usage (the error names the file, line and field, or the option)",
            "3:internal error (one line; the stack trace with --debug)"},
        subcommands = {LintCommand.class, ReportCommand.class, ReplayCommand.class, InspectCommand.class, ParityCommand.class,
            GateCommand.class, ConvertCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code: the command ran and found nothing wrong. */
    static final int OK = 0;
    /** Exit code: the command ran and found a failure (objective missed, alert firing, gate closed, findings). */
    static final int FAILED = 1;
    /** Exit code: bad input (a file, a value) or bad usage. */
    static final int BAD_INPUT = 2;
    /** Exit code: an internal error. */
    static final int INTERNAL = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an internal error, print the stack trace too.")
    private boolean debug;

    /** Runs {@code sli} with {@code args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The {@code sli} command line, ready to execute; tests set its output writers. */
    static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The {@code sli} command line whose subcommands {@code factory} creates (tests give them seams). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        return new CommandLine(new Main(), factory).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::internalError)
                .setParameterExceptionHandler(Main::usageError);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The name used in messages: {@code sli replay}, or {@code sli} for the top level. */
    private static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    /** A usage error: picocli's message, control characters escaped and values bounded, and a hint to --help. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(name(command) + ": " + Terminal.message(String.valueOf(e.getMessage())));
        if (command.getCommandSpec().userObject() instanceof Main) {
            command.usage(err); // no subcommand, or an unknown one: list them
        } else {
            err.println("Try '" + name(command) + " --help' for more information.");
        }
        err.flush();
        return BAD_INPUT;
    }

    /**
     * Bad input ({@link BadInputException}): its detail lines and one line naming what was wrong, exit 2. Any
     * other exception, which no command expected: one line, the stack trace only with {@code --debug}, exit 3.
     */
    private static int internalError(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof BadInputException bad) {
            bad.details().forEach(line -> err.println(Terminal.message(line)));
            err.println(name(command) + ": " + Terminal.message(String.valueOf(bad.getMessage())));
            err.flush();
            return BAD_INPUT;
        }
        if (e instanceof dev.sli.store.chronicle.ChronicleRuntime.NotReadyException notReady) {
            // the JVM was started without the store's flags (java run by hand, not through ./sli): usage, not a bug
            err.println(name(command) + ": " + Terminal.message(String.valueOf(notReady.getMessage())));
            err.flush();
            return BAD_INPUT;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
        err.println(name(command) + ": internal error: " + Terminal.message(message));
        if (debugAsked(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return INTERNAL;
    }

    private static boolean debugAsked(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The exit code of a report: {@value #FAILED} when any objective missed or any alert fires, else {@value #OK}. */
    static int verdictExitCode(java.util.List<dev.sli.core.registry.ObjectiveReport> reports) {
        for (dev.sli.core.registry.ObjectiveReport r : reports) {
            if (r.status().verdict() == dev.sli.core.slo.Verdict.MISSED
                    || r.status().alerts().tiers().stream().anyMatch(t -> t.firing())
                    || !r.openTooLong().isEmpty()) {
                return FAILED;
            }
        }
        return OK;
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
