/**
 * Chronicle Map as sli-store uses it: the JVM it needs (flags, a full JDK), checked up front with an error
 * that prints the line to add, and kept quiet (no banner, no analytics, no {@code system.properties} from
 * the working directory). Chronicle types never appear in sli's public API.
 */
package dev.sli.store.chronicle;
