/**
 * JMH benchmarks of every hot path (recording, window queries, SLO math), with peer libraries measured in
 * the same run; run by {@code sli-bench/run-benchmarks.sh}.
 */
package dev.sli.bench;
