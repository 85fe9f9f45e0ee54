/**
 * OpenSLO v1 in and out: {@link dev.sli.openslo.OpenSloReader} reads a multi-document OpenSLO YAML file
 * into the same {@link dev.sli.core.config.SloDocument} as sli's JSON config, and
 * {@link dev.sli.openslo.OpenSloWriter} writes one back. What OpenSLO cannot say is carried in
 * {@code metadata.annotations} under the {@code sli.dev/} prefix; the module README lists every one.
 */
package dev.sli.openslo;
