package dev.sli.cli;

import dev.sli.core.config.ReadinessMeasure;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.record.Series;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.source.LabelMatcher;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.store.feed.SourceFeed;
import dev.sli.store.imports.SeriesSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One readiness series per workload, for the report's availability timeline: a readiness SLI keeps its
 * workloads as one group (up only while every workload is ready), so the replay feeds the same samples
 * again into a group of one per workload, the SLI's selectors narrowed to that workload. Not thread-safe.
 */
final class WorkloadTimelines {

    private WorkloadTimelines() {
    }

    /**
     * The per-workload series of every readiness SLI of {@code document} with a source and more than one
     * workload, by label ({@code service/sli: workload}), fed from {@code set} with {@code options}.
     */
    static Map<String, Series> of(SloDocument document, SeriesSet set, SeriesOptions options) {
        Map<String, Series> out = new LinkedHashMap<>();
        for (ServiceSpec service : document.services()) {
            for (SliSpec sli : service.slis()) {
                if (sli.kind() != SliKind.READINESS || sli.source().isEmpty() || sli.workloads().size() < 2) {
                    continue;
                }
                SourceSpec source = sli.source().get();
                ServiceSpec.Builder each = ServiceSpec.builder(service.name());
                List<String> workloads = sli.workloads();
                for (int i = 0; i < workloads.size(); i++) {
                    List<LabelMatcher> only = List.of(LabelMatcher.equal(source.workloadLabel(), workloads.get(i)));
                    SourceSpec narrowed = SourceSpec.builder()
                            .selector(Role.DESIRED, source.selector(Role.DESIRED).orElseThrow().and(only))
                            .selector(Role.READY, source.selector(Role.READY).orElseThrow().and(only))
                            .workloadLabel(source.workloadLabel()).build();
                    SliSpec.Builder one = SliSpec.builder("workload-" + i, SliKind.READINESS).workloads(List.of(workloads.get(i)))
                            .availability(ReadinessMeasure.TIME).source(narrowed);
                    sli.staleAfter().ifPresent(one::staleAfter);
                    each.sli(one.build());
                }
                SloDocument single = SloDocument.builder().service(each.build()).build();
                SliRegistry registry = SliRegistry.create(single, options);
                SourceFeed.feed(single, set, registry);
                for (int i = 0; i < workloads.size(); i++) {
                    out.put(service.name() + "/" + sli.name() + ": " + workloads.get(i), registry.series(service.name(), "workload-" + i));
                }
            }
        }
        return out;
    }
}
