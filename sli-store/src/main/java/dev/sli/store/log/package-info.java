/**
 * Append-only files of checksummed records that survive a killed process: the durable form of sealed
 * blocks and bucket amounts under a store directory. A torn last record is cut at reopen; any other damage
 * is refused with the file and offset.
 */
package dev.sli.store.log;
