/**
 * The SLO math on measurements: objectives (target, window, budgeting method, missing-data policy,
 * alert tiers), error budgets with their forecast, burn rates and multi-window alerting, coverage of a
 * window, and the verdict, which is read off the budget so that the two never disagree. Stateless
 * functions over immutable values; {@link dev.sli.core.slo.Indicator} is what a series offers them.
 */
package dev.sli.core.slo;
