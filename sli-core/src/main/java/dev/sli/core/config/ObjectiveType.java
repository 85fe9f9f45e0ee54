package dev.sli.core.config;

/** Whether an objective is a contract with users or an internal goal that should protect one. */
public enum ObjectiveType {
    /** A service-level agreement: contractual, the looser of the two. */
    SLA,
    /** A service-level objective: internal, at least as strict as the SLA it protects. */
    SLO
}
