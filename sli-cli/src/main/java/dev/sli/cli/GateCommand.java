package dev.sli.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.slo.ErrorBudget;
import dev.sli.store.directory.HeaderLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sli gate --slo NAME --min-budget 10%}: the error-budget release gate, on any source: a store
 * directory ({@code sli gate DIR}, opened read-only beside a writer that may be running, evaluated at the end
 * of its newest data), or a config and its series ({@code sli gate CONFIG --data FILE...} or
 * {@code sli gate CONFIG --prometheus URL --from T1 --to T2}, replayed as {@code sli replay} does and
 * evaluated at the end of the last sample). {@code --at} overrides the instant. Prints one line saying why
 * the gate is open or closed. Exit codes: 0 the remaining budget is at or above the floor, 1 it is not (or
 * the objective has no data), 2 bad input or usage, 3 internal error. One instance per invocation.
 */
@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Release gate: pass while an objective's remaining error budget is at or above a floor.",
            "Reads a store directory, or a config with --data files or --prometheus."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:open: remaining budget >= the floor", "1:closed: below the floor, overspent, or no data",
            "2:bad input or usage (the error names the file or option)",
            "3:internal error (one line; the stack trace with --debug)"})
final class GateCommand implements Callable<Integer> {

    /** The JSON schema of {@code --format json}. */
    static final String SCHEMA = "https://sli.dev/schema/gate/v1";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<store-dir|config>",
            description = "A store directory, or an SLO config (sli JSON or OpenSLO YAML) to replay --data or --prometheus into.")
    private Path target;

    @Option(names = "--slo", required = true, paramLabel = "<name>",
            description = "The objective: its name, or service/name when several services have one of that name.")
    private String slo;

    @Option(names = "--min-budget", required = true, paramLabel = "<percent>",
            description = "The floor of remaining error budget, a percentage such as 10%% (or a fraction such as 0.1).")
    private String minBudget;

    @Mixin
    private SeriesInput input;

    @Option(names = "--at", paramLabel = "<instant>", converter = ObjectiveOutput.InstantConverter.class,
            description = "When to evaluate (ISO-8601); default: the end of the newest data.")
    private Instant at;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output as one text line or as one JSON object (default: ${DEFAULT-VALUE}).")
    private ReportCommand.Format format;

    private final SeriesImport importer;

    /** With the importers' facade. */
    GateCommand() {
        this(DefaultImport.INSTANCE);
    }

    /** With {@code importer} reading {@code --data} files. */
    GateCommand(SeriesImport importer) {
        this.importer = importer;
    }

    @Override
    public Integer call() throws BadInputException {
        BigDecimal floor;
        try {
            floor = parseFloor(minBudget);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--min-budget: " + e.getMessage());
        }
        if (isStore(target)) {
            if (input.given()) {
                throw new BadInputException(target + " is a store: it holds its own data; --data and --prometheus go with a config");
            }
            try (StoreView view = StoreView.open(target)) {
                Long atMillis = at != null ? Long.valueOf(at.toEpochMilli())
                        : view.newestDataEndMillis().isPresent() ? Long.valueOf(view.newestDataEndMillis().getAsLong()) : null;
                return decide(view.store.registry(), "the store's document", atMillis, floor, "in " + target);
            }
        }
        if (Files.isDirectory(target)) {
            throw new BadInputException(target + ": not a store (no " + HeaderLayout.FILE_NAME + ") and not a config file");
        }
        if (!input.given()) {
            throw new BadInputException(target + " is a config: give its series with --data FILE... or --prometheus URL "
                    + "(or give a store directory instead)");
        }
        SloDocument document = ConfigFiles.loadLinted(target);
        SeriesOptions options = SeriesInput.options(document);
        SliRegistry registry = SliRegistry.create(document, options);
        objectiveNamed(registry, target.toString()); // a wrong --slo before a long read
        SeriesInput.Fed fed = input.feed(document, registry, importer, spec.commandLine().getErr());
        Long atMillis = at != null || fed.report().last().isPresent() ? Long.valueOf(fed.atMillis(at, options.grid())) : null;
        return decide(registry, target.toString(), atMillis, floor, "in " + input.describe());
    }

    /** Whether {@code path} is a store directory: a directory holding a store header. */
    static boolean isStore(Path path) {
        return Files.isDirectory(path) && Files.exists(path.resolve(HeaderLayout.FILE_NAME));
    }

    /** The service/name of the one objective {@code --slo} names; throws {@link BadInputException} for none or several. */
    private String objectiveNamed(SliRegistry registry, String document) throws BadInputException {
        List<String> matching = registry.objectives().stream()
                .filter(o -> slo.equals(o.spec().name()) || slo.equals(o.service() + "/" + o.spec().name()))
                .map(o -> o.service() + "/" + o.spec().name()).toList();
        if (matching.isEmpty()) {
            throw new BadInputException("--slo: no objective " + Terminal.excerpt(slo) + " in " + document + "; it has "
                    + String.join(", ", registry.objectives().stream().map(o -> o.service() + "/" + o.spec().name()).toList()));
        }
        if (matching.size() > 1) {
            throw new BadInputException("--slo: " + Terminal.excerpt(slo) + " names objectives of several services; give service/name");
        }
        return matching.get(0);
    }

    /** Evaluates the objective at {@code atMillis} (null: no data anywhere), prints why the gate is open or closed. */
    private int decide(SliRegistry registry, String document, Long atMillis, BigDecimal floor, String where)
            throws BadInputException {
        String name = objectiveNamed(registry, document);
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode json = ObjectiveOutput.JSON.createObjectNode();
        json.put("schema", SCHEMA);
        json.put("objective", name);
        json.put("floor", floor.doubleValue());
        String line;
        boolean open;
        if (atMillis == null) {
            open = false;
            line = "gate CLOSED: " + Terminal.safe(name) + " has no data " + Terminal.safe(where);
            json.putNull("evaluatedAt");
            json.put("reason", "NO_DATA");
        } else {
            ObjectiveReport r = registry.evaluate(atMillis).stream()
                    .filter(x -> name.equals(x.objective().service() + "/" + x.objective().spec().name()))
                    .findFirst().orElseThrow();
            ErrorBudget b = r.status().budget();
            String when = " at " + Instant.ofEpochMilli(atMillis) + ", " + r.status().coverage().describe();
            json.put("evaluatedAt", Instant.ofEpochMilli(atMillis).toString());
            json.put("verdict", r.status().verdict().name());
            json.put("coverage", r.status().coverage().describe());
            if (!r.status().hasData() || b.allowed() <= 0 && b.consumed() <= 0) {
                open = false;
                line = "gate CLOSED: " + Terminal.safe(name) + " has no data to judge" + when;
                json.put("reason", "NO_DATA");
            } else {
                BigDecimal remaining = remainingFraction(b);
                open = remaining.compareTo(floor) >= 0;
                line = "gate " + (open ? "OPEN" : "CLOSED") + ": " + Terminal.safe(name) + " has " + remainingText(b)
                        + " of its error budget left, " + (open ? "at or above" : "below") + " the floor of " + percent(floor)
                        + " (" + r.status().verdict() + when + ")";
                json.put("remaining", remaining.doubleValue());
                json.put("reason", open ? "AT_OR_ABOVE_FLOOR" : "BELOW_FLOOR");
            }
        }
        json.put("open", open);
        json.put("text", line);
        if (format == ReportCommand.Format.JSON) {
            try {
                out.println(ObjectiveOutput.JSON.writeValueAsString(json));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
        } else {
            out.println(line);
        }
        out.flush();
        return open ? Main.OK : Main.FAILED;
    }

    /** "10%" or "0.1" as a fraction in [0, 1]; throws {@link IllegalArgumentException} saying what is accepted. */
    static BigDecimal parseFloor(String text) {
        String t = text.trim();
        try {
            BigDecimal v = t.endsWith("%") ? new BigDecimal(t.substring(0, t.length() - 1).trim()).movePointLeft(2) : new BigDecimal(t);
            if (v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException(Terminal.excerpt(text) + " is outside 0% to 100%");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Terminal.excerpt(text) + " is not a percentage such as 10% or a fraction such as 0.1");
        }
    }

    /** The remaining budget as a fraction of the allowed one (negative when overspent), exact in decimal. */
    static BigDecimal remainingFraction(ErrorBudget b) {
        if (b.allowed() <= 0) {
            return b.consumed() > 0 ? BigDecimal.valueOf(-1) : BigDecimal.ONE;
        }
        return BigDecimal.ONE.subtract(new BigDecimal(b.consumed()).divide(new BigDecimal(b.allowed()), java.math.MathContext.DECIMAL64));
    }

    static String remainingText(ErrorBudget b) {
        return percent(remainingFraction(b));
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + "%";
    }
}
