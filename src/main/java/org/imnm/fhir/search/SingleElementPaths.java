package org.imnm.fhir.search;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a parameter's paths can give a resource at most one value: every path names the same element
 * ("Condition.onset.as(dateTime)" and "Condition.onset.as(Period)" are both Condition.onset[x]) and every
 * step to it has cardinality 0..1 or 1..1. Anything the simple grammar here does not cover (where(),
 * resolve(), extension(), ...) counts as possibly several values, which is always safe.
 */
final class SingleElementPaths {

    private static final Pattern TYPE_CAST = Pattern.compile("(\\s+as\\s+\\w+|\\.as\\(\\w+\\)|\\.ofType\\(\\w+\\))$");
    private static final Pattern DOTTED = Pattern.compile("[A-Z]\\w*(\\.\\w+)+");

    private SingleElementPaths() {
    }

    static boolean isSingle(RuntimeResourceDefinition resource, List<String> paths) {
        String element = null;
        for (String path : paths) {
            String e = element(resource, path);
            if (e == null || (element != null && !element.equals(e))) return false;
            element = e;
        }
        return element != null;
    }

    /** The element a path names when each step is single, without its type cast; null otherwise. */
    private static String element(RuntimeResourceDefinition resource, String path) {
        String p = path.trim();
        if (p.startsWith("(") && p.endsWith(")")) p = p.substring(1, p.length() - 1).trim();
        p = TYPE_CAST.matcher(p).replaceFirst("");
        if (!DOTTED.matcher(p).matches()) return null;
        String[] steps = p.split("\\.");
        if (!steps[0].equals(resource.getName())) return null;
        BaseRuntimeElementCompositeDefinition<?> current = resource;
        for (int i = 1; i < steps.length; i++) {
            BaseRuntimeChildDefinition child = current.getChildByName(steps[i]);
            if (child == null) child = current.getChildByName(steps[i] + "[x]");
            if (child == null || child.getMax() != 1) return null;
            if (i == steps.length - 1) break;
            if (child instanceof RuntimeChildChoiceDefinition
                    || !(child.getChildByName(steps[i]) instanceof BaseRuntimeElementCompositeDefinition<?> next)) {
                return null;
            }
            current = next;
        }
        return p;
    }
}
