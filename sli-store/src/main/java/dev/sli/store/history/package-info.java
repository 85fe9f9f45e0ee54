/**
 * sli-core's store seam ({@link dev.sli.core.history.SealedHistory}) on disk: a series' blocks and sealed
 * bucket amounts appended to a record log as they are made, and read back when the series is built again.
 */
package dev.sli.store.history;
