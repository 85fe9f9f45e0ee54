/**
 * Per-bucket counters ("amounts": 1 to 64 longs per sealed time bucket of a series) in Chronicle Map files,
 * one or more per UTC day, so that retention deletes whole files. {@link dev.sli.store.counters.DayCounters}
 * is the whole API: {@code openForWriting} (after a clean shutdown, or recovering after a crash),
 * {@code put}, {@code forEach}, {@code dropDaysBefore}, {@code close}, and {@code readSnapshot} for readers
 * in other processes, which copy each file instead of mapping it. No Chronicle type appears in it; every
 * failure to open is a {@link dev.sli.store.directory.StoreException} naming the file and the problem.
 *
 * <p>Values are updated in place; each holds two CRC32C-checked slots and a write goes to the older one, so
 * a process killed in the middle of a write leaves the previous value readable. No existing file is mapped
 * before it is known good, since Chronicle itself would take a 0-byte file for a new map, wait 60 s on a
 * zeroed one, spin 60 s on a lock a dead process left, or loop forever iterating garbage: after a clean
 * shutdown each file must match the length and CRC32C recorded at close ({@code counters.sum}); otherwise
 * (or after a crash) it is checked through a private copy and Chronicle's {@code recoverPersistedTo}.
 *
 * <p>The sizing rule (about 201.5 bytes per entry of capacity, preallocated) and the measured costs are in
 * the class comment of {@link dev.sli.store.counters.DayCounters}.
 */
package dev.sli.store.counters;
