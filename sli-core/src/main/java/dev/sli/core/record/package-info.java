/**
 * The series: one per SLI, each recording samples on any thread and answering immutable snapshots and
 * SLO indicators over any window inside its retention. Public: {@link dev.sli.core.record.Series} and its
 * five kinds with their builders and snapshots, {@link dev.sli.core.record.SeriesOptions},
 * {@link dev.sli.core.record.Rejection}. Everything else here is package-private, in the order data flows:
 *
 * <pre>
 *  events (latency, outcome)                      gauges (readiness, probe) and work
 *  record() ─► Cell ─► Segment ─► SegmentIntake    record() ─► GaugeRing ─► GaugeCore
 *                 (lock-free, per thread)                     (ordered, one consumer)
 *                        │ seal at bucket end                      │ accrual: BucketAccrual,
 *                        ▼                                         ▼ ReadinessGroupIntegrator,
 *              LatencyHistory / ChannelHistory ◄────────────────── ProbeIntegrator, WorkTracker
 *      prefix sums of amounts  +  SparseBlock per bucket, hour, day (in a SealedHistory: the store seam)
 *                        │
 *                        ▼
 *      WindowHistogram (a window's blocks) ─► snapshots, indicators ─► dev.sli.core.slo
 * </pre>
 *
 * Internals stay package-private rather than in internal packages because sli-core has no
 * {@code module-info} to hide public internals: HdrHistogram 2.2.2 is not a named module (see the README).
 */
package dev.sli.core.record;
