package dev.sli.store.history;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where one series' sealed history lives on disk: a directory holding one record log per UTC day
 * ({@code 2026-11-28.log}, each starting with the series' shape and owner, so that each is checked on its
 * own) and the open-bucket checkpoint ({@code open}); beside the directory, the single log of a version-1
 * store ({@code <legacy>}, and its checkpoint {@code <legacy>.open}), read but never appended to again.
 *
 * <pre>
 *  series/7/2026-11-27.log     the records whose data starts on that UTC day
 *  series/7/2026-11-28.log
 *  series/7/open               the checkpoint of the buckets not sealed yet
 *  series/7.log                version 1: the whole history in one log (read first; deleted once all of
 *  series/7.log.open                      it is out of retention), and its checkpoint
 * </pre>
 *
 * @param directory the directory of day logs and the checkpoint
 * @param legacyLog the version-1 log beside it (it may not exist)
 */
public record SeriesFiles(Path directory, Path legacyLog) {

    /** The name of the checkpoint file in {@link #directory}. */
    public static final String CHECKPOINT = "open";
    static final String DAY_SUFFIX = ".log";

    public SeriesFiles {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(legacyLog, "legacyLog");
    }

    /** The files of series {@code id} in a store's {@code series} directory: {@code <id>/} and {@code <id>.log}. */
    public static SeriesFiles inStore(Path seriesDirectory, int id) {
        return new SeriesFiles(seriesDirectory.resolve(Integer.toString(id)), seriesDirectory.resolve(id + ".log"));
    }

    /** The day log of UTC day {@code epochDay} (days since 1970-01-01): {@code directory/YYYY-MM-DD.log}. */
    public Path dayLog(long epochDay) {
        return directory.resolve(LocalDate.ofEpochDay(epochDay) + DAY_SUFFIX);
    }

    /** The checkpoint of the buckets not sealed yet: {@code directory/open}. */
    public Path checkpoint() {
        return directory.resolve(CHECKPOINT);
    }

    /** The version-1 checkpoint beside the legacy log: {@code <legacy>.open}. */
    public Path legacyCheckpoint() {
        return legacyLog.resolveSibling(legacyLog.getFileName() + ".open");
    }

    /** Whether the series has anything on disk: its directory or a legacy log. */
    public boolean exists() {
        return Files.exists(directory, LinkOption.NOFOLLOW_LINKS) || Files.exists(legacyLog, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The day logs in the directory, by UTC day (days since 1970-01-01), in date order; empty when the directory
     * does not exist. Other names (the checkpoint, a temporary file) are not day logs.
     *
     * @throws IOException if the directory cannot be listed, or is not a directory
     */
    public TreeMap<Long, Path> dayLogs() throws IOException {
        TreeMap<Long, Path> days = new TreeMap<>();
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return days;
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(directory.toString(), null, "not a directory, cannot hold a series' day logs");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                long day = epochDayOf(p.getFileName().toString());
                if (day != Long.MIN_VALUE) {
                    days.put(day, p);
                }
            }
        } catch (NoSuchFileException e) {
            return days; // removed in between: nothing to read
        }
        return days;
    }

    /**
     * Every log of the series in the order they are read: the legacy log (if it exists), then the day logs in
     * date order. A file in the list may be gone when it is opened (the writer's retention deleted it).
     */
    public List<Path> logs() throws IOException {
        List<Path> all = new ArrayList<>();
        if (Files.exists(legacyLog, LinkOption.NOFOLLOW_LINKS)) {
            all.add(legacyLog);
        }
        all.addAll(dayLogs().values());
        return all;
    }

    /** The UTC day a day log's name stands for, or {@link Long#MIN_VALUE} if the name is not one's. */
    static long epochDayOf(String name) {
        if (!name.endsWith(DAY_SUFFIX)) {
            return Long.MIN_VALUE;
        }
        String date = name.substring(0, name.length() - DAY_SUFFIX.length());
        try {
            LocalDate d = LocalDate.parse(date);
            return d.toString().equals(date) ? d.toEpochDay() : Long.MIN_VALUE;
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
