package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

/**
 * Random combinations of token (in each of its forms), quantity and date criteria (OR within a parameter,
 * AND across), each run against the server and against a small in-memory evaluator written from the
 * specification's rules (not from the server's code), comparing the ids. Seeded, so a failure names a reproducible query.
 */
class RandomCriteriaPropertyTest extends FhirServerTest {

    private static final String[] CODES = {"2157-6", "1761-6", "33921-8"};
    private static final String[] STATUSES = {"final", "amended", "preliminary"};
    private static final String[] PREFIXES = {"eq", "ne", "gt", "lt", "ge", "le"};
    private static final BigDecimal U_PER_UKAT = BigDecimal.valueOf(60); // 1 ukat = 60 U (umol/min)

    /** What the evaluator knows of each stored Observation. */
    record Obs(String id, String code, String status, BigDecimal value, boolean inUkat, LocalDate day) {
        BigDecimal unitsPerLitre() {
            return inUkat ? value.multiply(U_PER_UKAT) : value;
        }
    }

    @Test
    void serverAndInMemoryEvaluationAgreeOnRandomCriteria() {
        Random random = new Random(20261124);
        String tag = unique();
        List<Obs> stored = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String code = CODES[random.nextInt(CODES.length)];
            String status = STATUSES[random.nextInt(STATUSES.length)];
            boolean ukat = random.nextInt(4) == 0;
            BigDecimal value = ukat ? BigDecimal.valueOf(50 + random.nextInt(30000), 2) : BigDecimal.valueOf(20 + random.nextInt(20000));
            LocalDate day = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(3 * 365));
            Observation o = new Observation().setStatus(Observation.ObservationStatus.fromCode(status));
            o.addIdentifier().setSystem("urn:test:property").setValue(tag);
            o.getCode().addCoding(new Coding("http://loinc.org", code, null));
            o.setValue(new Quantity().setValue(value).setSystem("http://unitsofmeasure.org").setCode(ukat ? "ukat/L" : "U/L"));
            o.setEffective(new DateTimeType(day.toString()));
            stored.add(new Obs(client.create().resource(o).execute().getId().getIdPart(), code, status, value, ukat, day));
        }

        for (int round = 0; round < 150; round++) {
            List<String> params = new ArrayList<>();
            Predicate<Obs> expected = o -> true;
            int criteria = 1 + random.nextInt(3);
            for (int c = 0; c < criteria; c++) {
                switch (random.nextInt(4)) {
                    case 0 -> { // token, OR of codes: system|code, code (any system), |code (no system) or system|
                        int form = random.nextInt(6);
                        if (form == 5) {
                            params.add("code=http://loinc.org|"); // every stored code is a LOINC one
                            continue;
                        }
                        Set<String> codes = new HashSet<>();
                        int n = 1 + random.nextInt(2);
                        for (int k = 0; k < n; k++) codes.add(CODES[random.nextInt(CODES.length)]);
                        String system = form == 3 ? "" : form == 4 ? "|" : "http://loinc.org|";
                        params.add("code=" + String.join(",", codes.stream().map(x -> system + x).toList()));
                        expected = expected.and(o -> form != 4 && codes.contains(o.code()));
                    }
                    case 1 -> {
                        String s = STATUSES[random.nextInt(STATUSES.length)];
                        params.add("status=" + s);
                        expected = expected.and(o -> o.status().equals(s));
                    }
                    case 2 -> { // quantity: bare number (units ignored) or in U/L (canonical comparison)
                        String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
                        BigDecimal n = BigDecimal.valueOf(random.nextInt(20000));
                        boolean withUnit = random.nextBoolean();
                        params.add("value-quantity=" + prefix + n + (withUnit ? "|http://unitsofmeasure.org|U/L" : ""));
                        expected = expected.and(o -> compare(prefix, withUnit ? o.unitsPerLitre() : o.value(), n));
                    }
                    default -> { // date: a year, a month or a day, each the range it covers
                        String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
                        LocalDate d = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(3 * 365));
                        int precision = random.nextInt(3);
                        String text = precision == 0 ? String.valueOf(d.getYear())
                                : precision == 1 ? YearMonth.from(d).toString() : d.toString();
                        LocalDate from = precision == 0 ? d.withDayOfYear(1) : precision == 1 ? d.withDayOfMonth(1) : d;
                        LocalDate to = precision == 0 ? from.plusYears(1) : precision == 1 ? from.plusMonths(1) : from.plusDays(1);
                        params.add("date=" + prefix + text);
                        expected = expected.and(o -> dateMatches(prefix, o.day(), o.day().plusDays(1), from, to));
                    }
                }
            }
            String query = "Observation?identifier=urn:test:property|" + tag + "&_count=100&_total=accurate&"
                    + String.join("&", params);
            Predicate<Obs> want = expected;
            List<String> expectedIds = stored.stream().filter(want).map(Obs::id).sorted().toList();
            var response = http.get(query);
            assertThat(response.statusCode()).as(query).isEqualTo(200);
            Bundle bundle = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, response.body());
            List<String> actual = bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart())
                    .sorted().toList();
            assertThat(actual).as(query).isEqualTo(expectedIds);
            assertThat(bundle.getTotal()).as("total of " + query).isEqualTo(expectedIds.size());
        }
    }

    /** Quantity prefixes: eq/ne use the range the number's precision implies (an integer n: [n-0.5, n+0.5)). */
    private static boolean compare(String prefix, BigDecimal stored, BigDecimal n) {
        BigDecimal low = n.subtract(new BigDecimal("0.5")), high = n.add(new BigDecimal("0.5"));
        return switch (prefix) {
            case "eq" -> stored.compareTo(low) >= 0 && stored.compareTo(high) < 0;
            case "ne" -> stored.compareTo(low) < 0 || stored.compareTo(high) >= 0;
            case "gt" -> stored.compareTo(n) > 0;
            case "lt" -> stored.compareTo(n) < 0;
            case "ge" -> stored.compareTo(n) >= 0;
            default -> stored.compareTo(n) <= 0;
        };
    }

    /**
     * Date prefixes over ranges (R4 search, 3.1.1.4.5): the stored day [lo, hi) against the searched range
     * [from, to): eq when inside it, gt/lt when the stored range reaches beyond it, ge/le either.
     */
    private static boolean dateMatches(String prefix, LocalDate lo, LocalDate hi, LocalDate from, LocalDate to) {
        boolean within = !lo.isBefore(from) && !hi.isAfter(to);
        boolean after = hi.isAfter(to);
        boolean before = lo.isBefore(from);
        return switch (prefix) {
            case "eq" -> within;
            case "ne" -> !within;
            case "gt" -> after;
            case "lt" -> before;
            case "ge" -> after || within;
            default -> before || within;
        };
    }

}
