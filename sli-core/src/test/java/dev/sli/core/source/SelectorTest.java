package dev.sli.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {

    private static final String DOCUMENT = "kube_workload_status_desired{kube_cluster_name='silver', "
            + "kube_namespace_name='101ed4-prod',kube_workload_name =~ 'platsrv-registry-api|platsrv-registry-web|pltsvc-mongodb'}";

    @Test
    void readsTheDocumentsSelector() {
        Selector s = Selector.parse(DOCUMENT);
        assertEquals("kube_workload_status_desired", s.metric().orElseThrow());
        assertEquals(List.of(LabelMatcher.equal("kube_cluster_name", "silver"),
                LabelMatcher.equal("kube_namespace_name", "101ed4-prod"),
                LabelMatcher.of("kube_workload_name", LabelMatcher.Op.REGEX,
                        "platsrv-registry-api|platsrv-registry-web|pltsvc-mongodb")), s.matchers());
        assertEquals(s, Selector.parse(s.toString()));
    }

    @Test
    void regexesAreFullyAnchoredSoTheCanaryAndOtherClustersAreLeftOut() {
        Selector s = Selector.parse(DOCUMENT);
        Map<String, String> api = Map.of("kube_cluster_name", "silver", "kube_namespace_name", "101ed4-prod",
                "kube_workload_name", "platsrv-registry-api");
        assertTrue(s.matches("kube_workload_status_desired", api));
        assertFalse(s.matches("kube_workload_status_ready", api));
        assertFalse(s.matches("kube_workload_status_desired", Map.of("kube_cluster_name", "silver",
                "kube_namespace_name", "101ed4-prod", "kube_workload_name", "platsrv-registry-api-canary")));
        assertFalse(s.matches("kube_workload_status_desired", Map.of("kube_cluster_name", "gold",
                "kube_namespace_name", "101ed4-prod", "kube_workload_name", "platsrv-registry-api")));
        assertFalse(s.matches("kube_workload_status_desired", Map.of("kube_cluster_name", "silver",
                "kube_namespace_name", "101ed4-prod", "kube_workload_name", "xplatsrv-registry-api")));
    }

    @Test
    void anAbsentLabelHasTheEmptyValueAsInPromql() {
        Selector noJob = Selector.parse("up{job=\"\"}");
        assertTrue(noJob.matches("up", Map.of()));
        assertFalse(noJob.matches("up", Map.of("job", "api")));
        Selector notApi = Selector.parse("up{job!=\"api\"}");
        assertTrue(notApi.matches("up", Map.of()));
        Selector anyJob = Selector.parse("up{job=~\".+\"}");
        assertFalse(anyJob.matches("up", Map.of()));
        assertTrue(Selector.parse("up{job!~\"a.*\"}").matches("up", Map.of("job", "web")));
    }

    @Test
    void labelOnlySelectorsNameMatchersAndMicrometerNames() {
        Selector bad = Selector.parse("{code=~\"5..\"}");
        assertTrue(bad.metric().isEmpty());
        assertTrue(bad.matches("http_requests_total", Map.of("code", "503")));
        assertFalse(bad.matches("http_requests_total", Map.of("code", "5xx0")));
        Selector byName = Selector.parse("{__name__=~\"http_.*_total\"}");
        assertTrue(byName.matches("http_requests_total", Map.of()));
        assertFalse(byName.matches("http_requests_seconds", Map.of()));
        Selector micrometer = Selector.parse("http.server.requests{uri=\"/api/**\",outcome!=\"CLIENT_ERROR\"}");
        assertEquals("http.server.requests", micrometer.metric().orElseThrow());
        assertTrue(micrometer.matches("http.server.requests", Map.of("uri", "/api/**", "outcome", "SUCCESS")));
        assertFalse(micrometer.matches("http.server.requests", Map.of("uri", "/api/**", "outcome", "CLIENT_ERROR")));
        assertEquals(Selector.parse("{code=~\"5..\", job=\"a\"}"), bad.and(List.of(LabelMatcher.equal("job", "a"))));
    }

    @Test
    void quotesAndEscapes() {
        Selector s = Selector.parse("m{a=`x\\d`, b='it\\'s', c=\"q\\\"\\\\\\n\"}");
        assertEquals("x\\d", s.matchers().get(0).value());
        assertEquals("it's", s.matchers().get(1).value());
        assertEquals("q\"\\\n", s.matchers().get(2).value());
        assertEquals(s, Selector.parse(s.toString()));
        assertTrue(Selector.parse("m{a=~\"\\\\d+\"}").matches("m", Map.of("a", "42")));
        assertTrue(Selector.parse("m{a=~\"\\d+\"}").matches("m", Map.of("a", "42")), "an unknown escape keeps its backslash");
    }

    @Test
    void errorsNameTheOffsetAndWhatWasExpected() {
        assertEquals("selector \"m{a=\\\"x\\\"\": at offset 7, expected ',' or '}', found the end",
                assertThrows(IllegalArgumentException.class, () -> Selector.parse("m{a=\"x\"")).getMessage());
        assertEquals("selector \"m{a ~ \\\"x\\\"}\": at offset 4, expected one of =, !=, =~, !~, found \"~ \\\"x\\\"}\"",
                assertThrows(IllegalArgumentException.class, () -> Selector.parse("m{a ~ \"x\"}")).getMessage());
        assertEquals("selector \"m{a=\\\"x}\": at offset 4, expected a closing \" for the string that starts here, found \"\\\"x}\"",
                assertThrows(IllegalArgumentException.class, () -> Selector.parse("m{a=\"x}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Selector.parse("m{a=~\"(\"}")).getMessage()
                .startsWith("at offset 5: label a: \"(\" is not a valid regular expression"));
        assertEquals("selector \"{}\" selects nothing: give a metric name or at least one label matcher",
                assertThrows(IllegalArgumentException.class, () -> Selector.parse("{}")).getMessage());
        assertEquals("selector \"m x\": at offset 2, expected the end of the selector, found \"x\"",
                assertThrows(IllegalArgumentException.class, () -> Selector.parse("m x")).getMessage());
    }

    @Test
    void errorsQuoteABoundedExcerptWithoutControlCharacters() {
        String huge = "m{a=\"" + "\u001b[31m".repeat(100_000);
        String message = assertThrows(IllegalArgumentException.class, () -> Selector.parse(huge)).getMessage();
        assertTrue(message.length() < 400, message.length() + " characters");
        assertFalse(message.chars().anyMatch(c -> c < 0x20), message);
        assertTrue(message.contains("(" + huge.length() + " characters)"), message);
    }

    @Test
    void sourceUnits() {
        assertEquals(1e9, SourceSpec.builder().selector(SourceSpec.Role.GAUGE, Selector.parse("g")).build().nanosPerUnit());
        assertEquals(1.0, SourceSpec.builder().selector(SourceSpec.Role.GAUGE, Selector.parse("g")).unit("ns").build().nanosPerUnit());
        assertEquals("\"min\" is not a unit of latency: use s, ms, us or ns",
                assertThrows(IllegalArgumentException.class, () -> SourceSpec.builder().unit("min")).getMessage());
    }
}
