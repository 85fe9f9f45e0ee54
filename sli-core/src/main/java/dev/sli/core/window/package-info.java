/**
 * Time cut into epoch-aligned buckets ({@link dev.sli.core.window.BucketGrid}) and the windows measured
 * over them: rolling ("the last 3 weeks") and calendar periods in an IANA zone, each evaluated at an
 * instant into a {@link dev.sli.core.window.WindowSpan}. Immutable values.
 */
package dev.sli.core.window;
