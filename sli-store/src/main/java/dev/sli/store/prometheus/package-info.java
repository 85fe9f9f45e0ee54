/**
 * Reading raw samples from a live Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, Sysdig):
 * {@link dev.sli.store.prometheus.PrometheusSource} queries range selectors in bounded chunks and streams
 * the answers through the Prometheus JSON importer into a {@link dev.sli.store.imports.SampleSink}.
 */
package dev.sli.store.prometheus;
