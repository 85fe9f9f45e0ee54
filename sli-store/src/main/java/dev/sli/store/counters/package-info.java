/**
 * Per-bucket counters ("amounts": 1 to 64 longs per sealed time bucket of a series) in Chronicle Map files,
 * one or more per UTC day, so that retention deletes whole files. {@link dev.sli.store.counters.DayCounters}
 * is the whole API: {@code openForWriting} (with or without recovery after an unclean shutdown),
 * {@code put}, {@code forEach}, {@code dropDaysBefore}, {@code close}, and {@code readSnapshot} for readers
 * in other processes, which copy each file instead of mapping it. No Chronicle type appears in it; every
 * failure to open is a {@link dev.sli.store.directory.StoreException} naming the file and the problem.
 *
 * <p>Values are updated in place; each holds two checksummed slots and a write goes to the older one, so a
 * process killed in the middle of a write leaves the previous value readable. Every existing file is
 * checked through a private copy and Chronicle's recovery before it is mapped, since Chronicle itself would
 * take a 0-byte file for a new map, wait 60 s on a zeroed one, or loop forever iterating garbage.
 *
 * <p>Figures measured on the development VM (2 vCPU, ext4 on virtio, JDK 17), see {@code DayCounters} for
 * the sizing rule: see the class comment of {@link dev.sli.store.counters.DayCounters}.
 */
package dev.sli.store.counters;
