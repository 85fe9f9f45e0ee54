/**
 * Micrometer in and out for sli: {@link dev.sli.micrometer.SliMeterRegistry} feeds the SLIs of an
 * {@link dev.sli.core.registry.SliRegistry} from the timers and counters a service already records, matched
 * to each SLI's configured source once per meter; {@link dev.sli.micrometer.SliMeterBinder} publishes every
 * objective's SLI, error budget, burn rates and alert decision as gauges.
 */
package dev.sli.micrometer;
