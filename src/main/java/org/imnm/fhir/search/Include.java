package org.imnm.fhir.search;

/**
 * An _include or _revinclude: {@code sourceType:param[:targetType]}, or {@code *} for every reference
 * parameter of the source type. {@code iterate} repeats it over the resources it brought in.
 */
public record Include(String sourceType, String param, String targetType, boolean iterate) {

    boolean isWildcard() {
        return "*".equals(param);
    }

    String render() {
        if (sourceType == null) return "*";
        return sourceType + ":" + param + (targetType == null ? "" : ":" + targetType);
    }
}
