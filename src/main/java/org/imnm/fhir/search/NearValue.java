package org.imnm.fhir.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Location's {@code near=latitude|longitude|distance|units} (WGS84 degrees; units a UCUM length, km when
 * left out). The specification leaves "near" without a distance to the server: here that is within
 * {@value #DEFAULT_KM} km.
 */
record NearValue(double latitude, double longitude, BigDecimal distance, String units) {

    static final int DEFAULT_KM = 10;
    /** The IUGG mean Earth radius, in metres. */
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    static boolean isNear(String resourceType, String param) {
        return "Location".equals(resourceType) && "near".equals(param);
    }

    static NearValue parse(String param, String raw) {
        String[] parts = raw.split("\\|", -1);
        try {
            if (parts.length < 2 || parts.length > 4) throw new NumberFormatException();
            double latitude = Double.parseDouble(parts[0]), longitude = Double.parseDouble(parts[1]);
            if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) { // also NaN
                throw bad(param, raw, "latitude must be within ±90 and longitude within ±180 degrees");
            }
            if (parts.length == 2 || parts[2].isEmpty()) {
                return new NearValue(latitude, longitude, BigDecimal.valueOf(DEFAULT_KM), "km"); // units irrelevant
            }
            BigDecimal distance = QuantityValue.number(param, parts[2]);
            if (distance.signum() < 0) throw bad(param, raw, "the distance must not be negative");
            return new NearValue(latitude, longitude, distance, parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "km");
        } catch (NumberFormatException e) {
            throw bad(param, raw, "expected latitude|longitude|distance|units, e.g. 52.37|4.89|5|km");
        }
    }

    /**
     * Rows within the distance: a bounding box in degrees (served by the index), then the great-circle
     * (haversine) distance. The box is left out where it would wrap over a pole or the antimeridian.
     */
    String sql(String param, UcumUnits ucum, List<Object> args) {
        UcumUnits.Canonical metres = ucum.canonical(distance, units).filter(c -> c.code().equals("m"))
                .orElseThrow(() -> new InvalidRequestException("Invalid value for search parameter '" + param
                        + "': '" + units + "' is not a UCUM unit of length"));
        double d = metres.value().doubleValue();
        double dLat = Math.toDegrees(d / EARTH_RADIUS_M);
        StringBuilder sql = new StringBuilder("(");
        if (Math.abs(latitude) + dLat < 90) {
            sql.append("x.latitude between ? and ? and ");
            args.add(latitude - dLat);
            args.add(latitude + dLat);
            double dLon = dLat / Math.cos(Math.toRadians(Math.abs(latitude) + dLat));
            if (Math.abs(longitude) + dLon < 180) {
                sql.append("x.longitude between ? and ? and ");
                args.add(longitude - dLon);
                args.add(longitude + dLon);
            }
        }
        sql.append("2 * ? * asin(least(1, sqrt(power(sin(radians(x.latitude - ?) / 2), 2)"
                + " + cos(radians(?)) * cos(radians(x.latitude)) * power(sin(radians(x.longitude - ?) / 2), 2)))) <= ?)");
        args.add(EARTH_RADIUS_M);
        args.add(latitude);
        args.add(latitude);
        args.add(longitude);
        args.add(d);
        return sql.toString();
    }

    private static InvalidRequestException bad(String param, String raw, String why) {
        return new InvalidRequestException("Invalid value for search parameter '" + param + "': '" + raw + "': " + why);
    }
}
