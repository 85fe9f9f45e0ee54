package dev.sli.core.slo;

/**
 * What an SLO counts time or slices with no data as. Missing data is never silently good or bad: each
 * SLO says which it wants, and the unknown amount is reported beside the answer either way.
 */
public enum MissingDataPolicy {
    /** Unknown counts as good (benefit of the doubt). */
    GOOD,
    /** Unknown counts as bad (pessimistic). */
    BAD,
    /** Unknown is left out of both numerator and denominator. */
    EXCLUDE
}
