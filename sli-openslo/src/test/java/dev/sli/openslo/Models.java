package dev.sli.openslo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;

/** Field-by-field comparison of config models (the spec classes have no equals of their own). */
final class Models {

    private Models() {
    }

    static void assertSameDocument(SloDocument expected, SloDocument actual) {
        assertEquals(expected.format(), actual.format(), "format");
        assertEquals(expected.reviewEvery(), actual.reviewEvery(), "reviewEvery");
        assertEquals(expected.nextReview(), actual.nextReview(), "nextReview");
        assertEquals(expected.assumption(), actual.assumption(), "assumption");
        assertEquals(expected.services().size(), actual.services().size(), "services");
        for (int i = 0; i < expected.services().size(); i++) {
            assertSameService(expected.services().get(i), actual.services().get(i), "services[" + i + "]");
        }
    }

    static void assertSameService(ServiceSpec e, ServiceSpec a, String path) {
        assertEquals(e.name(), a.name(), path + ".name");
        assertEquals(e.description(), a.description(), path + ".description");
        assertEquals(e.assumption(), a.assumption(), path + ".assumption");
        assertEquals(e.slis().size(), a.slis().size(), path + ".slis");
        for (int i = 0; i < e.slis().size(); i++) {
            assertSameSli(e.slis().get(i), a.slis().get(i), path + ".slis[" + i + "]");
        }
        assertEquals(e.objectives().size(), a.objectives().size(), path + ".objectives");
        for (int i = 0; i < e.objectives().size(); i++) {
            assertSameObjective(e.objectives().get(i), a.objectives().get(i), path + ".objectives[" + i + "]");
        }
    }

    static void assertSameSli(SliSpec e, SliSpec a, String path) {
        assertEquals(e.name(), a.name(), path + ".name");
        assertEquals(e.kind(), a.kind(), path + ".kind");
        assertEquals(e.description(), a.description(), path + ".description");
        assertEquals(e.assumption(), a.assumption(), path + ".assumption");
        assertEquals(e.labels(), a.labels(), path + ".labels");
        assertEquals(e.threshold(), a.threshold(), path + ".threshold");
        assertEquals(e.quantile(), a.quantile(), path + ".quantile");
        assertEquals(e.workloads(), a.workloads(), path + ".workloads");
        assertEquals(e.availability(), a.availability(), path + ".availability");
        assertEquals(e.staleAfter(), a.staleAfter(), path + ".staleAfter");
        assertEquals(e.check(), a.check(), path + ".check");
        assertEquals(e.interval(), a.interval(), path + ".interval");
        assertEquals(e.source(), a.source(), path + ".source");
    }

    static void assertSameObjective(ObjectiveSpec e, ObjectiveSpec a, String path) {
        assertEquals(e.name(), a.name(), path + ".name");
        assertEquals(e.type(), a.type(), path + ".type");
        assertEquals(e.sli(), a.sli(), path + ".sli");
        assertEquals(e.target(), a.target(), path + ".target");
        assertEquals(e.window(), a.window(), path + ".window");
        assertEquals(e.budgeting(), a.budgeting(), path + ".budgeting");
        assertEquals(e.missingData(), a.missingData(), path + ".missingData");
        assertEquals(e.threshold(), a.threshold(), path + ".threshold");
        assertEquals(e.statedAllowance(), a.statedAllowance(), path + ".statedAllowance");
        assertEquals(e.alerts(), a.alerts(), path + ".alerts");
        assertEquals(e.alertOpenPast(), a.alertOpenPast(), path + ".alertOpenPast");
        assertEquals(e.description(), a.description(), path + ".description");
        assertEquals(e.assumption(), a.assumption(), path + ".assumption");
    }
}
