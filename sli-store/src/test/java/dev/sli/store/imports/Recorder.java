package dev.sli.store.imports;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps every call as a line of text ({@code key @millis = value}), for exact comparisons. */
final class Recorder implements SampleSink {
    final List<String> lines = new ArrayList<>();

    @Override
    public void type(String metric, MetricType type) {
        lines.add("# " + metric + " " + type);
    }

    @Override
    public void sample(SeriesKey series, long timestampMillis, double value) {
        lines.add(series + " @" + timestampMillis + " = " + value + " (0x" + Long.toHexString(Double.doubleToRawLongBits(value)) + ")");
    }
}
