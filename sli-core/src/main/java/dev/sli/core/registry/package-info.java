/**
 * An SLO document bound to live series: {@link dev.sli.core.registry.SliRegistry} makes one series per
 * SLI, binds each objective to its indicator (refusing windows longer than the retention), and evaluates
 * them all at an instant.
 */
package dev.sli.core.registry;
