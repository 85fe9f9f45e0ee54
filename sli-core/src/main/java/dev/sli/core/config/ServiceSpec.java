package dev.sli.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of an {@link SloDocument}: its SLIs and the objectives on them, each objective naming
 * its SLI. Immutable; build with {@link #builder}.
 */
public final class ServiceSpec {

    private final String name;
    private final String description;
    private final String assumption;
    private final List<SliSpec> slis;
    private final List<ObjectiveSpec> objectives;

    private ServiceSpec(Builder b) {
        name = b.name;
        description = b.description;
        assumption = b.assumption;
        slis = List.copyOf(b.slis);
        objectives = List.copyOf(b.objectives);
    }

    /** A builder for the service {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** What was assumed where the source document is silent. */
    public Optional<String> assumption() {
        return Optional.ofNullable(assumption);
    }

    /** The SLIs, in config order; at least one. */
    public List<SliSpec> slis() {
        return slis;
    }

    /** The objectives, in config order. */
    public List<ObjectiveSpec> objectives() {
        return objectives;
    }

    /** The (first) SLI called {@code name}. */
    public Optional<SliSpec> sli(String name) {
        return slis.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The SLI {@code objective} is on; every objective of the service has one. */
    public SliSpec sliOf(ObjectiveSpec objective) {
        return sli(objective.sli()).orElseThrow(() -> new IllegalArgumentException(
                objective.name() + " is not an objective of service " + name));
    }

    @Override
    public String toString() {
        return "service " + name;
    }

    /** Builds a {@link ServiceSpec}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description;
        private String assumption;
        private final List<SliSpec> slis = new ArrayList<>();
        private final List<ObjectiveSpec> objectives = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) {
            this.description = Checks.text("description", description);
            return this;
        }

        public Builder assumption(String assumption) {
            this.assumption = Checks.text("assumption", assumption);
            return this;
        }

        /** Adds an SLI. */
        public Builder sli(SliSpec sli) {
            slis.add(Objects.requireNonNull(sli, "sli"));
            return this;
        }

        /** Adds an objective on one of this service's SLIs. */
        public Builder objective(ObjectiveSpec objective) {
            objectives.add(Objects.requireNonNull(objective, "objective"));
            return this;
        }

        /**
         * The service.
         *
         * @throws IllegalArgumentException if the name is invalid, there is no SLI, or an objective
         *     names an SLI the service does not have
         */
        public ServiceSpec build() {
            Checks.name("name", name);
            if (slis.isEmpty()) {
                throw new InvalidValueException("slis", "is empty; a service needs at least one SLI");
            }
            for (int i = 0; i < objectives.size(); i++) {
                String sli = objectives.get(i).sli();
                List<String> names = slis.stream().map(SliSpec::name).toList();
                if (!names.contains(sli)) {
                    throw new InvalidValueException("objectives[" + i + "].sli", unknownSli(sli, name, names));
                }
            }
            return new ServiceSpec(this);
        }
    }

    /** The problem of an objective naming {@code sli}, which is not among the service's {@code slis}. */
    static String unknownSli(String sli, String service, List<String> slis) {
        return Json.quote(sli) + " is not an SLI of service " + Json.quote(service) + " (its SLIs: "
                + String.join(", ", slis) + ")";
    }
}
