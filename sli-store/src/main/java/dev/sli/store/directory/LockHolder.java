package dev.sli.store.directory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The process that holds a store for writing, as written into its lock file: pid, host name and the
 * instant it took the lock. Immutable.
 *
 * @param pid the operating-system process id
 * @param host the host name the process runs on
 * @param since when it took the lock, to the millisecond
 */
public record LockHolder(long pid, String host, Instant since) {

    private static final String FIRST_LINE = "sli-store-lock 1";

    public LockHolder {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(since, "since");
    }

    /** This process, now. */
    static LockHolder current() {
        return new LockHolder(ProcessHandle.current().pid(), hostName(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** "pid 1234 on host h since 2024-01-01T00:00:00Z". */
    @Override
    public String toString() {
        return "pid " + pid + " on host " + host + " since " + since;
    }

    /** The lock file's text: a first line naming the format, then one "key value" line per field. */
    byte[] toLockFileBytes() {
        return (FIRST_LINE + "\npid " + pid + "\nhost " + host + "\nsince " + since + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The holder the lock file's text names, or empty if it names none (being written, or not ours). */
    static Optional<LockHolder> parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 4 || !lines[0].equals(FIRST_LINE) || !lines[1].startsWith("pid ")
                || !lines[2].startsWith("host ") || !lines[3].startsWith("since ")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LockHolder(Long.parseLong(lines[1].substring(4)), printable(lines[2].substring(5)),
                    Instant.parse(lines[3].substring(6))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The host name, without a network lookup that could hang: the kernel's name first, then the JDK's. */
    static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel, StandardCharsets.US_ASCII).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (Exception ignored) {
            // fall through to the environment
        }
        String env = System.getenv("HOSTNAME");
        if (env == null || env.isBlank()) {
            env = System.getenv("COMPUTERNAME");
        }
        return env == null || env.isBlank() ? "unknown" : env.trim();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
