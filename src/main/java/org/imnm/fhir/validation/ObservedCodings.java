package org.imnm.fhir.validation;

import java.lang.reflect.Field;
import java.util.List;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FHIR core's InstanceValidator (6.7) hands every Coding it checks, with the element tree around it, to a
 * {@code CodingsObserver} that never empties its list; only an optional IPS SNOMED check reads it, at the
 * end of each run. A pooled validator therefore kept every resource it had validated until it was rebuilt:
 * about 50 MB of old-generation garbage per thousand resources under ingest. Core offers no way to reset
 * it, so the list is emptied by reflection after each run. Should a core release rename the fields, this
 * logs once and the pool's periodic rebuild still bounds what is kept.
 */
final class ObservedCodings {

    private static final Logger log = LoggerFactory.getLogger(ObservedCodings.class);
    private static final Field OBSERVER = field(InstanceValidator.class, "codingObserver");
    private static final Field LIST = OBSERVER == null ? null : field(OBSERVER.getType(), "list");

    private ObservedCodings() {}

    static void forget(InstanceValidator validator) {
        List<?> seen = seen(validator);
        if (seen != null) seen.clear();
    }

    /** The codings the validator holds on to; null when core's fields could not be found. */
    static List<?> seen(InstanceValidator validator) {
        if (LIST == null) return null;
        try {
            return (List<?>) LIST.get(OBSERVER.get(validator));
        } catch (IllegalAccessException | ClassCastException e) {
            return null;
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            log.warn("FHIR core's {}.{} is not there; validators keep the codings they saw until rebuilt",
                    owner.getSimpleName(), name);
            return null;
        }
    }
}
