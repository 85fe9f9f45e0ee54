/**
 * sli-core's store seam ({@link dev.sli.core.history.SealedHistory}) on disk: a series' blocks and sealed
 * bucket amounts appended to record logs, one per UTC day ({@link dev.sli.store.history.SeriesFiles}), as they
 * are made, read back when the series is built again, and deleted a whole day at a time as they leave the
 * retention.
 */
package dev.sli.store.history;
