package dev.sli.store.directory;

import dev.sli.core.record.SeriesKind;

/**
 * The on-disk layout of {@value #FILE_NAME}, the header file of a store directory: one class of offset
 * constants, as the file's contract. Every number is little-endian; the file is read whole and replaced
 * whole (written to {@value #TEMP_FILE_NAME}, forced, renamed over the old one), so a reader sees one
 * complete version or the one before it, never a mix.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic: ASCII "SLISTORE"                      |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Format Version (int32) = 2 (or 1)                |  8
 *  +---------------------------------------------------------------+
 *  |          File Length in bytes, checksum included (int32)      | 12
 *  +---------------------------------------------------------------+
 *  |               Bucket Resolution, milliseconds (int64)         | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Created, epoch milliseconds (int64)                | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     Generation (int64): +1 on every rewrite of the file       | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Flags (int32): bit 0 = clean shutdown, others 0        | 40
 *  +---------------------------------------------------------------+
 *  |       Next Series Id (int32): never given out before          | 44
 *  +---------------------------------------------------------------+
 *  |                 Series Count (int32)                          | 48
 *  +---------------------------------------------------------------+
 *  |       Series Entries, in increasing id order, unpadded       ... 52
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |       CRC32C (int32) of every byte before it                  | File Length - 4
 *  +---------------------------------------------------------------+
 *
 *  Series Entry:
 *  +---------------+---------------+---------------+---------------+
 *  |                     Series Id (int32), >= 1                   |  0
 *  +---------------+---------------+-------------------------------+
 *  |  Kind (uint8) | State (uint8) |  Name Length, bytes (uint16)  |  4
 *  +---------------+---------------+-------------------------------+
 *  |                  Name: UTF-8, 1..1024 bytes                  ...  8
 * ...                                                              |
 *  +-------------------------------+-------------------------------+
 *  |  Label Count (uint16), 0..64  |  version 2 only: labels follow, sorted by name
 *  +-------------------------------+-------------------------------+
 *  |  Label Name Length (uint16)   |  Label Name: UTF-8, 1..1024  ...
 *  +-------------------------------+-------------------------------+
 *  |  Label Value Length (uint16)  |  Label Value: UTF-8, 0..1024 ...
 *  +-------------------------------+-------------------------------+
 * </pre>
 *
 * <p>Version 2 adds the labels to each series entry (a series is name + kind + labels → id); a version-1
 * file is read as series without labels, and the first rewrite by a writer makes it version 2, which a
 * version-1 reader refuses by its version instead of misreading.
 *
 * <p>The magic and the format version stay at offsets 0 and 8 in every version, so a reader can always
 * tell another store's file and a later version from a corrupt one. Kind codes and states are fixed
 * numbers ({@link #kindCode}), never enum ordinals. Ids start at 1; a retired series keeps its entry and
 * its id, and a series added later, even under the same name, gets {@link #NEXT_SERIES_ID_OFFSET the next
 * id}, so ids are never reused.
 *
 * <p>Threads: constants and pure functions only.
 */
public final class HeaderLayout {

    /** Name of the header file in a store directory. */
    public static final String FILE_NAME = "store.header";
    /** Name of the lock file a writer holds an exclusive lock on, and writes its pid, host and start into. */
    public static final String LOCK_FILE_NAME = "store.lock";
    /** Name of the file a new header is written to before it is renamed over {@link #FILE_NAME}. */
    public static final String TEMP_FILE_NAME = "store.header.tmp";

    /** The magic at offset 0, as ASCII. */
    public static final String MAGIC = "SLISTORE";
    /** The format version this code writes; it reads this one and {@link #FORMAT_VERSION_1}. */
    public static final int FORMAT_VERSION = 2;
    /** The first format version: series entries without labels. */
    public static final int FORMAT_VERSION_1 = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int MAGIC_LENGTH = 8;
    public static final int VERSION_OFFSET = 8;
    public static final int FILE_LENGTH_OFFSET = 12;
    public static final int RESOLUTION_MILLIS_OFFSET = 16;
    public static final int CREATED_EPOCH_MILLIS_OFFSET = 24;
    public static final int GENERATION_OFFSET = 32;
    public static final int FLAGS_OFFSET = 40;
    public static final int NEXT_SERIES_ID_OFFSET = 44;
    public static final int SERIES_COUNT_OFFSET = 48;
    /** Where the first series entry starts: the length of the fixed part. */
    public static final int SERIES_OFFSET = 52;
    public static final int CHECKSUM_LENGTH = 4;
    /** The shortest valid file: the fixed part and the checksum, no series. */
    public static final int MIN_FILE_LENGTH = SERIES_OFFSET + CHECKSUM_LENGTH;
    /** The longest file this version reads or writes; anything longer is refused before it is read. */
    public static final int MAX_FILE_LENGTH = 16 * 1024 * 1024;

    /** Flag bit: the last writer closed the store cleanly; cleared while a writer has it open. */
    public static final int FLAG_CLEAN_SHUTDOWN = 1;

    public static final int ENTRY_ID_OFFSET = 0;
    public static final int ENTRY_KIND_OFFSET = 4;
    public static final int ENTRY_STATE_OFFSET = 5;
    public static final int ENTRY_NAME_LENGTH_OFFSET = 6;
    public static final int ENTRY_NAME_OFFSET = 8;
    /** The longest series name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 1024;
    /** The most labels a series entry holds (version 2). */
    public static final int MAX_LABELS = 64;
    /** The longest label name or value, in UTF-8 bytes (version 2). */
    public static final int MAX_LABEL_BYTES = 1024;

    /** Entry state: the series is in use. */
    public static final int STATE_LIVE = 0;
    /** Entry state: the series was retired; its id and data stay, its name may be added again. */
    public static final int STATE_RETIRED = 1;

    /** The first id a store gives out. */
    public static final int FIRST_SERIES_ID = 1;

    private HeaderLayout() {
    }

    /** The code stored for {@code kind}: 1 latency, 2 outcome, 3 readiness, 4 probe, 5 work. */
    public static int kindCode(SeriesKind kind) {
        switch (kind) {
            case LATENCY: return 1;
            case OUTCOME: return 2;
            case READINESS: return 3;
            case PROBE: return 4;
            case WORK: return 5;
            default: throw new IllegalArgumentException("no code for series kind " + kind);
        }
    }

    /** The kind stored as {@code code}, or null if no kind has that code. */
    public static SeriesKind kindOf(int code) {
        switch (code) {
            case 1: return SeriesKind.LATENCY;
            case 2: return SeriesKind.OUTCOME;
            case 3: return SeriesKind.READINESS;
            case 4: return SeriesKind.PROBE;
            case 5: return SeriesKind.WORK;
            default: return null;
        }
    }
}
