package dev.sli.cli.html;

import java.util.Objects;

/**
 * One "dashboard parity" pair for the report: what an existing dashboard query shows beside the SLI as it
 * should be computed, and a sentence saying why they differ. Values are given as the caller formats them
 * (with their unit, such as {@code "99.87%"}); the report escapes every field. Immutable.
 *
 * @param id which number this is (such as the dashboard panel or the query's name)
 * @param dashboardValue the value the dashboard's query returns
 * @param correctValue the value of the SLI computed as it should be
 * @param sentence why they differ, in one sentence
 * @throws NullPointerException if any field is null
 */
public record ParityRow(String id, String dashboardValue, String correctValue, String sentence) {

    public ParityRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dashboardValue, "dashboardValue");
        Objects.requireNonNull(correctValue, "correctValue");
        Objects.requireNonNull(sentence, "sentence");
    }
}
