/**
 * The store directory: the header file that says what a directory of sli data is (magic, format version,
 * bucket resolution, the series registry with stable ids, the clean-shutdown marker) and the lock that
 * lets one process write it while others read. A persistent {@code SealedHistory.Factory} opens this
 * first; the layout is in {@link dev.sli.store.directory.HeaderLayout}.
 */
package dev.sli.store.directory;
