/**
 * Prometheus 2.x semantics for the query shapes SLO dashboards use, evaluated exactly over a
 * {@link dev.sli.store.imports.SeriesSet}: instant selectors with the 5-minute lookback, subqueries on
 * an absolute step grid, {@code *_over_time}, {@code increase()} with counter resets and extrapolation,
 * vector matching, comparison filters, aggregations and {@code histogram_quantile}. Queries are typed
 * {@link dev.sli.store.promql.Expr} trees built in Java (not parsed from text), and
 * {@link dev.sli.store.promql.ParityQueries} builds the dashboard queries from an SLO config's sources.
 */
package dev.sli.store.promql;
