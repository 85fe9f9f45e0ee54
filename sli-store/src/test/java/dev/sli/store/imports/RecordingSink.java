package dev.sli.store.imports;

import java.util.ArrayList;
import java.util.List;

/** A sink that writes down every call as a line of text, in order, values as their exact bits' Java form. */
final class RecordingSink implements SampleSink {

    final List<String> calls = new ArrayList<>();

    @Override
    public void type(String metric, MetricType type) {
        calls.add("type " + metric + " " + type);
    }

    @Override
    public void sample(SeriesKey series, long timestampMillis, double value) {
        calls.add(series + " " + timestampMillis + " " + value
                + (Double.isNaN(value) ? "/" + Long.toHexString(Double.doubleToRawLongBits(value)) : ""));
    }
}
