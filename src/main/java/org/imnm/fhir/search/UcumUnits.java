package org.imnm.fhir.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Optional;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.Pair;
import org.fhir.ucum.UcumEssenceService;
import org.springframework.stereotype.Component;

/** UCUM canonical forms (org.fhir:ucum), so quantities in different units of one dimension compare. */
@Component
public class UcumUnits {

    public static final String SYSTEM = "http://unitsofmeasure.org";

    /** A value in canonical units: comparable with any other of the same canonical code. */
    public record Canonical(BigDecimal value, String code) {}

    /** Loaded on first use, not at start-up: the definitions are a large XML file. */
    private volatile UcumEssenceService ucum;

    /** The UCUM library itself (the validator's FHIRPath needs it for comparable()). */
    public org.fhir.ucum.UcumService service() {
        return ucum();
    }

    private UcumEssenceService ucum() {
        UcumEssenceService service = ucum;
        if (service == null) {
            synchronized (this) {
                if (ucum == null) ucum = load();
                service = ucum;
            }
        }
        return service;
    }

    private static UcumEssenceService load() {
        try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            return new UcumEssenceService(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load the UCUM definitions", e);
        }
    }

    /**
     * The canonical form of {@code value code}, or empty when {@code code} is not a valid UCUM unit.
     * The library's arithmetic is slow (it was 93% of ingest CPU), so each unit's factor is computed once:
     * canonical(v) = v * canonical(1). Units with an offset (Cel, [degF]) are not proportional and go to the
     * library every time.
     */
    public Optional<Canonical> canonical(BigDecimal value, String code) {
        if (code == null || code.isBlank()) return Optional.empty();
        Optional<Factor> factor = factors.computeIfAbsent(code, this::factorOf);
        if (factor.isEmpty()) return Optional.empty();
        if (factor.get().proportional()) {
            return Optional.of(new Canonical(value.multiply(factor.get().perUnit()), factor.get().code()));
        }
        return exact(value, code);
    }

    private record Factor(BigDecimal perUnit, String code, boolean proportional) {}

    private final java.util.Map<String, Optional<Factor>> factors = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<Factor> factorOf(String code) {
        Optional<Canonical> one = exact(BigDecimal.ONE, code);
        if (one.isEmpty()) return Optional.empty();
        Optional<Canonical> zero = exact(BigDecimal.ZERO, code);
        boolean proportional = zero.isPresent() && zero.get().value().signum() == 0;
        return Optional.of(new Factor(one.get().value(), one.get().code(), proportional));
    }

    private Optional<Canonical> exact(BigDecimal value, String code) {
        try {
            Pair p = ucum().getCanonicalForm(new Pair(new Decimal(value.toPlainString()), code));
            return Optional.of(new Canonical(new BigDecimal(p.getValue().asDecimal()), p.getCode()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
