/** Turns JMH's JSON results into {@code BENCHMARKS.md}: the targets, every figure, and ratios to the peers. */
package dev.sli.bench.report;
