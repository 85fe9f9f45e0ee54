package dev.sli.cli;

import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.slo.ErrorBudget;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sli gate DIR --slo NAME --min-budget 10%}: the error-budget release gate. Opens the store
 * read-only (a writer may be running), evaluates the objective at the end of the newest data (or
 * {@code --at}), and prints one line saying why. Exit codes: 0 the remaining budget is at or above the
 * floor, 1 it is not (or the objective has no data), 2 bad input.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Release gate: pass while an objective's remaining error budget is at or above a floor.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:open: remaining budget >= the floor", "1:closed: below the floor, overspent, or no data",
            "2:bad input or usage (the error names the file or option)",
            "3:internal error (one line; the stack trace with --debug)"})
final class GateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<store-dir>", description = "The store directory.")
    private Path dir;

    @Option(names = "--slo", required = true, paramLabel = "<name>",
            description = "The objective: its name, or service/name when several services have one of that name.")
    private String slo;

    @Option(names = "--min-budget", required = true, paramLabel = "<percent>",
            description = "The floor of remaining error budget, a percentage such as 10%% (or a fraction such as 0.1).")
    private String minBudget;

    @Option(names = "--at", paramLabel = "<instant>", converter = ObjectiveOutput.InstantConverter.class,
            description = "When to evaluate (ISO-8601); default: the end of the newest data in the store.")
    private Instant at;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        BigDecimal floor;
        try {
            floor = parseFloor(minBudget);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--min-budget: " + e.getMessage());
        }
        try (StoreView view = StoreView.open(dir)) {
            long count = view.store.registry().objectives().stream()
                    .filter(o -> slo.equals(o.spec().name()) || slo.equals(o.service() + "/" + o.spec().name())).count();
            if (count == 0) {
                throw new BadInputException("--slo: no objective " + Terminal.excerpt(slo) + " in the store's document; it has "
                        + String.join(", ", view.store.registry().objectives().stream().map(o -> o.service() + "/" + o.spec().name()).toList()));
            }
            if (count > 1) {
                throw new BadInputException("--slo: " + Terminal.excerpt(slo) + " names objectives of several services; give service/name");
            }
            Long atMillis = at != null ? Long.valueOf(at.toEpochMilli())
                    : view.newestDataEndMillis().isPresent() ? Long.valueOf(view.newestDataEndMillis().getAsLong()) : null;
            if (atMillis == null) {
                out.println("gate CLOSED: " + Terminal.safe(slo) + " has no data in " + Terminal.safe(dir.toString()));
                out.flush();
                return 1;
            }
            ObjectiveReport r = view.store.registry().evaluate(atMillis).stream()
                    .filter(x -> slo.equals(x.objective().spec().name()) || slo.equals(x.objective().service() + "/" + x.objective().spec().name()))
                    .findFirst().orElseThrow();
            ErrorBudget b = r.status().budget();
            String name = Terminal.safe(r.objective().service() + "/" + r.objective().spec().name());
            String when = " at " + Instant.ofEpochMilli(atMillis) + ", " + r.status().coverage().describe();
            if (!r.status().hasData() || b.allowed() <= 0 && b.consumed() <= 0) {
                out.println("gate CLOSED: " + name + " has no data to judge" + when);
                out.flush();
                return 1;
            }
            BigDecimal remaining = remainingFraction(b);
            boolean open = remaining.compareTo(floor) >= 0;
            out.println("gate " + (open ? "OPEN" : "CLOSED") + ": " + name + " has " + remainingText(b) + " of its error budget left, "
                    + (open ? "at or above" : "below") + " the floor of " + percent(floor) + " (" + r.status().verdict() + when + ")");
            out.flush();
            return open ? 0 : 1;
        }
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
