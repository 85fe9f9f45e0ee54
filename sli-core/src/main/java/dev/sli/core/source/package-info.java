/**
 * Where an SLI's data comes from when sli does not record it itself: PromQL series selectors
 * ({@link dev.sli.core.source.Selector}, {@link dev.sli.core.source.LabelMatcher}) and, per SLI, which
 * selected series play which role ({@link dev.sli.core.source.SourceSpec}). Importers, the live
 * Prometheus source and the Micrometer registry all read this one mapping.
 */
package dev.sli.core.source;
