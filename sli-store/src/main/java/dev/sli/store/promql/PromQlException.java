package dev.sli.store.promql;

/**
 * A query that Prometheus itself would refuse at evaluation time, such as a one-to-one vector match
 * that finds two series with the same labels on one side. The message names the operation and the
 * labels (values bounded in length).
 */
public final class PromQlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PromQlException(String message) {
        super(message);
    }
}
