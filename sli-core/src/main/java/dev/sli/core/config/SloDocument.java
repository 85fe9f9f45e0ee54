package dev.sli.core.config;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole SLO config: format version, review schedule and one or more services. Immutable; read one
 * with {@link ConfigReader}, build one with {@link #builder}, check one with {@link Lint}.
 */
public final class SloDocument {

    /** The config format this version of sli reads and writes. */
    public static final int FORMAT = 1;

    private final Period reviewEvery;
    private final LocalDate nextReview;
    private final String assumption;
    private final List<ServiceSpec> services;

    private SloDocument(Builder b) {
        reviewEvery = b.reviewEvery;
        nextReview = b.nextReview;
        assumption = b.assumption;
        services = List.copyOf(b.services);
    }

    /** A builder for a document in the current {@link #FORMAT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The format version: {@link #FORMAT}. */
    public int format() {
        return FORMAT;
    }

    /** How often the objectives are to be reviewed ({@code P6M}). */
    public Optional<Period> reviewEvery() {
        return Optional.ofNullable(reviewEvery);
    }

    /** When the objectives are next to be reviewed. */
    public Optional<LocalDate> nextReview() {
        return Optional.ofNullable(nextReview);
    }

    /** What was assumed, document-wide, where the source document is silent. */
    public Optional<String> assumption() {
        return Optional.ofNullable(assumption);
    }

    /** The services, in config order; at least one. */
    public List<ServiceSpec> services() {
        return services;
    }

    /** Builds an {@link SloDocument}; not thread-safe. */
    public static final class Builder {
        private Period reviewEvery;
        private LocalDate nextReview;
        private String assumption;
        private final List<ServiceSpec> services = new ArrayList<>();

        private Builder() {
        }

        /** How often to review; a positive period such as {@code Period.ofMonths(6)}. */
        public Builder reviewEvery(Period reviewEvery) {
            Objects.requireNonNull(reviewEvery, "reviewEvery");
            if (reviewEvery.isZero() || reviewEvery.isNegative()) {
                throw new InvalidValueException("reviewEvery", Json.quote(reviewEvery.toString()) + " is not a positive period");
            }
            this.reviewEvery = reviewEvery;
            return this;
        }

        public Builder nextReview(LocalDate nextReview) {
            this.nextReview = Objects.requireNonNull(nextReview, "nextReview");
            return this;
        }

        public Builder assumption(String assumption) {
            this.assumption = Checks.text("assumption", assumption);
            return this;
        }

        /** Adds a service. */
        public Builder service(ServiceSpec service) {
            services.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        /**
         * The document.
         *
         * @throws IllegalArgumentException if there is no service
         */
        public SloDocument build() {
            if (services.isEmpty()) {
                throw new InvalidValueException("services", "is empty; a document needs at least one service");
            }
            return new SloDocument(this);
        }
    }
}
