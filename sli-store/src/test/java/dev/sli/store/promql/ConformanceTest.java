package dev.sli.store.promql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.ServiceSpec;
import dev.sli.store.imports.SeriesSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite: every query id of every data set's expected.json (Prometheus 2.42's own
 * values), computed by {@link Evaluator} from the queries {@link ParityQueries} builds out of the
 * example config's sources, must match within 1e-9 relative, label set by label set; an empty result
 * must be empty. One dynamic test per (data set, id). The data sets are read from
 * {@code -Dsli.conformance.dir} (default: ../shared/conformance beside the repository, else /work/shared/conformance).
 */
class ConformanceTest {

    static final Path CONFIG = Path.of("..", "examples", "registry-slo.json");
    static final long THREE_WEEKS_MILLIS = 21L * 86_400_000;

    @TestFactory
    List<DynamicContainer> everyIdOfEveryDataSet() throws IOException {
        ServiceSpec service = ConfigReader.read(CONFIG).services().get(0);
        List<DynamicContainer> sets = new ArrayList<>();
        for (Path folder : ConformanceData.folders()) {
          for (String file : ConformanceData.SERIES_FILES) {
            JsonNode expectedJson = ConformanceData.expectedJson(folder);
            SeriesSet data = ConformanceData.load(folder, file);
            Evaluator evaluator = Evaluator.over(data);
            long at = expectedJson.get("eval_time_unix").asLong() * 1000;
            long span = evaluator.lastSampleMillis().getAsLong() - evaluator.firstSampleMillis().getAsLong();
            long w = Math.min(span, THREE_WEEKS_MILLIS);
            Map<Long, Map<String, Expr>> byWindow = new HashMap<>();
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("evaluated at the last sample", () ->
                    assertEquals(evaluator.lastSampleMillis().getAsLong(), at)));
            for (ConformanceData.Expected e : ConformanceData.expected(expectedJson)) {
                long window = ConformanceData.durationMillis(e.window());
                tests.add(DynamicTest.dynamicTest(e.id(), () -> {
                    Map<String, Expr> queries = byWindow.computeIfAbsent(window, x -> build(service, x));
                    Expr expr = queries.get(e.id());
                    if (expr == null) {
                        fail("no query for id " + e.id());
                    }
                    if (e.id().startsWith("availability_") || e.id().startsWith("latency_") || e.id().startsWith("time_")) {
                        assertEquals(w, window, "W of " + e.id() + " is min(span, 3w)");
                    }
                    check(e, evaluator.evaluate(expr, at), expr);
                }));
            }
            sets.add(DynamicContainer.dynamicContainer(folder.getFileName() + "/" + file, tests));
          }
        }
        return sets;
    }

    static Map<String, Expr> build(ServiceSpec service, long windowMillis) {
        ParityQueries.Builder b = ParityQueries.builder().windowMillis(windowMillis);
        assertEquals(List.of("pod-readiness", "response-time", "response-time-sysdig", "request-outcome"), b.sources(service));
        Map<String, Expr> out = new LinkedHashMap<>();
        b.build().queries().forEach(q -> out.put(q.id(), q.expr()));
        return out;
    }

    static void check(ConformanceData.Expected e, InstantVector actual, Expr expr) {
        Map<Map<String, String>, Double> got = new LinkedHashMap<>();
        for (InstantVector.Sample s : actual.samples()) {
            assertTrue(got.put(s.labels(), s.value()) == null, "two samples with labels " + s.labels());
        }
        assertEquals(e.result().keySet(), got.keySet(), e.id() + ": label sets of " + expr);
        e.result().forEach((labels, want) -> {
            double have = got.get(labels);
            assertTrue(ConformanceData.close(want, have),
                    e.id() + " " + labels + ": Prometheus " + want + ", sli " + have + " (" + expr + ")");
        });
    }
}
