/**
 * The {@code sli} command (picocli): {@code lint} checks an SLO document, {@code report} replays events
 * into it and evaluates every objective.
 */
package dev.sli.cli;
