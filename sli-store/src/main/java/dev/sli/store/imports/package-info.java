/**
 * Reading metric exports and Prometheus-compatible APIs: importers stream what they read into a
 * {@link dev.sli.store.imports.SampleSink}, one {@link dev.sli.store.imports.SeriesKey} per series;
 * {@link dev.sli.store.imports.SeriesSet} keeps the samples of selected series in primitive arrays.
 * Errors are {@link dev.sli.store.imports.ImportException}s naming the source, the line or byte offset,
 * and what was expected.
 */
package dev.sli.store.imports;
