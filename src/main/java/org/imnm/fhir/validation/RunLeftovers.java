package org.imnm.fhir.validation;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What FHIR core's InstanceValidator (6.7) keeps from one run to the next, each entry holding the element
 * tree of the resource it came from, and never empties:
 * <ul>
 *   <li>every Coding it checked, in its {@code CodingsObserver} (read only by an optional IPS SNOMED check at
 *       the end of a run): about 50 MB of old-generation garbage per thousand resources under ingest;
 *   <li>every CodeableConcept whose text differs from its coding's display, in {@code textsToCheck} (read only
 *       when an AI text check is configured, which it is not here): one per resource for typical EHR data.
 * </ul>
 * A pooled validator therefore kept up to a thousand resources until it was rebuilt. Core offers no way to
 * reset them, so they are emptied by reflection after each run. Should a core release rename a field, this
 * logs once and the pool rebuilds its validators often enough to bound what is kept
 * ({@link ReusableInstanceValidator#USES_PER_INSTANCE}).
 */
final class RunLeftovers {

    private static final Logger log = LoggerFactory.getLogger(RunLeftovers.class);
    private static final Field OBSERVER = field(InstanceValidator.class, "codingObserver");
    private static final Field OBSERVED = OBSERVER == null ? null : field(OBSERVER.getType(), "list");
    private static final Field TEXTS = field(InstanceValidator.class, "textsToCheck");
    private static final Field TEXT_KEYS = field(InstanceValidator.class, "textsToCheckKeys");

    private RunLeftovers() {}

    static void forget(InstanceValidator validator) {
        for (Collection<?> kept : kept(validator)) {
            if (kept != null) kept.clear();
        }
    }

    /** Whether every field core keeps them in was found, so that {@link #forget} empties them. */
    static boolean canForget() {
        return OBSERVER != null && OBSERVED != null && TEXTS != null && TEXT_KEYS != null;
    }

    /** How many entries the validator holds on to; -1 when one of core's fields could not be found. */
    static int count(InstanceValidator validator) {
        int total = 0;
        for (Collection<?> kept : kept(validator)) {
            if (kept == null) return -1;
            total += kept.size();
        }
        return total;
    }

    private static List<Collection<?>> kept(InstanceValidator validator) {
        return Arrays.asList(collection(OBSERVED, value(OBSERVER, validator)), collection(TEXTS, validator),
                collection(TEXT_KEYS, validator));
    }

    private static Collection<?> collection(Field field, Object owner) {
        return value(field, owner) instanceof Collection<?> c ? c : null;
    }

    private static Object value(Field field, Object owner) {
        if (field == null || owner == null) return null;
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            log.warn("FHIR core's {}.{} is not there; validators keep what they saw until rebuilt",
                    owner.getSimpleName(), name);
            return null;
        }
    }
}
