/**
 * Where "now" comes from: the {@link dev.sli.core.time.Clock} a series is given, a coarse clock that a
 * daemon ticks every millisecond so that recording never reads the system clock, and a manual clock for
 * tests and replays.
 */
package dev.sli.core.time;
