/**
 * The store seam: {@link dev.sli.core.history.SealedHistory}, where a series keeps its sealed histogram
 * blocks (bucket, hour, day) and reports its sealed buckets' amounts, so that a persistent store
 * ({@code sli-store}) can keep them across restarts. {@link dev.sli.core.history.SealedHistory#inMemory()}
 * is the default, on the heap.
 *
 * <pre>
 *  record() ─► intake ─► seal(bucket) ─► LatencyHistory ─┬─► ChannelHistory   (prefix sums, in memory)
 *                                                        └─► SealedHistory    (blocks by level and number)
 *                                                               ├─ in memory (default)
 *                                                               └─ sli-store (memory-mapped, reopened)
 * </pre>
 */
package dev.sli.core.history;
