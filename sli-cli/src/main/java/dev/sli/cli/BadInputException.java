package dev.sli.cli;

import java.util.List;

/**
 * Input a command cannot use (a file, a value, an option): thrown out of a command's {@code call}, it is
 * printed by {@link Main} as {@code sli <command>: <message>} on one line, after any detail lines (a config's
 * errors, lint's findings), and the command exits 2. The message names the file, line and field or the
 * option; {@link Main} escapes control characters and bounds its length when printing it.
 */
final class BadInputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> details;

    BadInputException(String message) {
        this(List.of(), message);
    }

    /** {@code details} are printed one a line before the message, each made safe for the terminal. */
    BadInputException(List<String> details, String message) {
        super(message, null, false, false);
        this.details = List.copyOf(details);
    }

    /** The lines printed before the message. */
    List<String> details() {
        return details;
    }
}
