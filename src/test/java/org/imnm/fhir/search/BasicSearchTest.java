package org.imnm.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.imnm.fhir.support.FhirServerTest;
import org.junit.jupiter.api.Test;

class BasicSearchTest extends FhirServerTest {

    private List<String> createOrganizations(String tag, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Organization o = new Organization().setName("Org " + i);
            o.addIdentifier().setSystem("urn:test:org").setValue(tag);
            ids.add(client.create().resource(o).execute().getId().getIdPart());
        }
        return ids;
    }

    /** The first page (2 entries) of the organizations tagged {@code tag}, with {@code _total=accurate}. */
    private Bundle firstPageCounted(String tag) {
        return client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_count=2&_total=accurate")
                .returnBundle(Bundle.class).execute();
    }

    private static List<String> ids(Bundle b) {
        return b.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    @Test
    void pagesThroughEveryMatchOnceFollowingNextLinks() {
        String tag = unique();
        List<String> created = createOrganizations(tag, 7);
        Bundle page = client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_count=3")
                .returnBundle(Bundle.class).execute();
        List<String> seen = new ArrayList<>(ids(page));
        int pages = 1;
        while (page.getLink("next") != null) {
            page = client.loadPage().next(page).execute();
            seen.addAll(ids(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    /** Each page's ids, following next links from the first page, then previous links back from the last. */
    private List<List<String>> pagesForwardThenBack(String query, List<List<String>> forward) {
        Bundle page = client.search().byUrl(query).returnBundle(Bundle.class).execute();
        assertThat(page.getLink("previous")).as("the first page has no previous page").isNull();
        forward.add(ids(page));
        while (page.getLink("next") != null) {
            page = client.loadPage().next(page).execute();
            forward.add(ids(page));
        }
        List<List<String>> back = new ArrayList<>();
        back.add(ids(page));
        while (page.getLink("previous") != null) {
            page = client.loadPage().previous(page).execute();
            back.add(ids(page));
        }
        return back;
    }

    @Test
    void previousLinksWalkBackThroughTheSamePages() {
        String tag = unique();
        List<String> created = new ArrayList<>();
        String[] names = {"b", "a", null, "c", "a", null, "b"};
        for (String name : names) {
            Organization o = new Organization().setName(name);
            o.addIdentifier().setSystem("urn:test:org").setValue(tag);
            created.add(client.create().resource(o).execute().getId().getIdPart());
        }
        for (String order : List.of("", "&_sort=name", "&_sort=-name", "&_sort=-name,-_id")) {
            List<List<String>> forward = new ArrayList<>();
            List<List<String>> back = pagesForwardThenBack("Organization?identifier=urn:test:org|" + tag + "&_count=2" + order,
                    forward);
            assertThat(forward).as(order).hasSize(4);
            assertThat(forward.stream().flatMap(List::stream)).as(order).containsExactlyInAnyOrderElementsOf(created);
            List<List<String>> reversedBack = new ArrayList<>(back);
            java.util.Collections.reverse(reversedBack);
            assertThat(reversedBack).as(order).isEqualTo(forward);
        }
        // and forward again from a page reached backward
        Bundle last = client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_count=3&_sort=name")
                .returnBundle(Bundle.class).execute();
        Bundle second = client.loadPage().next(last).execute();
        Bundle firstAgain = client.loadPage().previous(second).execute();
        assertThat(ids(client.loadPage().next(firstAgain).execute())).isEqualTo(ids(second));
    }

    @Test
    void rowsCreatedWhilePagingAreNeitherSkippedNorRepeated() {
        String tag = unique();
        List<String> created = new ArrayList<>(createOrganizations(tag, 4));
        Bundle page = client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_count=2")
                .returnBundle(Bundle.class).execute();
        List<String> seen = new ArrayList<>(ids(page));
        created.addAll(createOrganizations(tag, 2)); // inserted after the first page was served
        while (page.getLink("next") != null) {
            page = client.loadPage().next(page).execute();
            seen.addAll(ids(page));
        }
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void totalAccurateCountsAllMatches() {
        String tag = unique();
        createOrganizations(tag, 5);
        Bundle b = firstPageCounted(tag);
        assertThat(b.getTotal()).isEqualTo(5);
        assertThat(b.getEntry()).hasSize(2);
    }

    @Test
    void totalAccurateIsCountedOnceAndTheLinksCarryIt() {
        String tag = unique();
        createOrganizations(tag, 5);
        Bundle first = firstPageCounted(tag);
        assertThat(first.getTotal()).isEqualTo(5);
        createOrganizations(tag, 2); // after the count: later pages still report the search's total
        Bundle second = client.loadPage().next(first).execute();
        assertThat(second.getTotal()).isEqualTo(5);
        assertThat(client.loadPage().previous(second).execute().getTotal()).isEqualTo(5);
        // a new search counts again
        assertThat(firstPageCounted(tag).getTotal()).isEqualTo(7);
        // a link whose count was tampered with is refused, not half-read
        String next = second.getLink("next").getUrl();
        String pageId = next.replaceAll(".*_pageId=([^&]*).*", "$1");
        assertThat(pageId).matches("t5\\..+");
        String broken = next.substring(base().length() + 1).replace("_pageId=" + pageId, "_pageId=tX." + pageId.substring(3));
        assertThat(http.get(broken).statusCode()).isEqualTo(400);
    }

    @Test
    void totalEstimateGivesThePlannersEstimateAndNoneGivesNoTotal() {
        String tag = unique();
        createOrganizations(tag, 3);
        Bundle estimated = getOk("Organization?identifier=urn:test:org%7C" + tag + "&_count=1&_total=estimate", Bundle.class);
        assertThat(estimated.hasTotal()).isTrue();
        assertThat(estimated.getTotal()).isNotNegative();
        Bundle none = getOk("Organization?identifier=urn:test:org%7C" + tag + "&_count=1&_total=none", Bundle.class);
        assertThat(none.hasTotal()).isFalse();
    }

    @Test
    void summaryAndElementsShapeTheResult() {
        String tag = unique();
        createOrganizations(tag, 3);
        Bundle count = client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_summary=count")
                .returnBundle(Bundle.class).execute();
        assertThat(count.getTotal()).isEqualTo(3);
        assertThat(count.getEntry()).isEmpty();
        String elements = http.get("Organization?identifier=urn:test:org|" + tag + "&_elements=identifier").body();
        assertThat(elements).contains("\"identifier\"").doesNotContain("\"name\"");
        String summary = http.get("Organization?identifier=urn:test:org|" + tag + "&_summary=true").body();
        assertThat(summary).contains("SUBSETTED");
    }

    @Test
    void searchesByIdAndLastUpdated() {
        String tag = unique();
        List<String> created = createOrganizations(tag, 3);
        Bundle byId = client.search().byUrl("Organization?_id=" + created.get(0) + "," + created.get(2))
                .returnBundle(Bundle.class).execute();
        assertThat(ids(byId)).containsExactlyInAnyOrder(created.get(0), created.get(2));

        Organization first = client.read().resource(Organization.class).withId(created.get(0)).execute();
        String stamp = first.getMeta().getLastUpdatedElement().getValueAsString();
        Bundle after = client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_lastUpdated=gt" + stamp)
                .returnBundle(Bundle.class).execute();
        assertThat(ids(after)).doesNotContain(created.get(0)).contains(created.get(2));
        Bundle thisYear = client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_lastUpdated="
                + stamp.substring(0, 4)).returnBundle(Bundle.class).execute();
        assertThat(ids(thisYear)).containsExactlyElementsOf(created);
        Bundle lastYear = client.search().byUrl("Organization?identifier=urn:test:org|" + tag + "&_lastUpdated=lt"
                + stamp.substring(0, 4)).returnBundle(Bundle.class).execute();
        assertThat(lastYear.getEntry()).isEmpty();
    }

    @Test
    void deletedResourcesLeaveTheResults() {
        String tag = unique();
        List<String> created = createOrganizations(tag, 2);
        client.delete().resourceById(new IdType("Organization", created.get(0))).execute();
        Bundle b = client.search().byUrl("Organization?identifier=urn:test:org|" + tag).returnBundle(Bundle.class).execute();
        assertThat(ids(b)).containsExactly(created.get(1));
    }

    @Test
    void unknownParametersAreIgnoredLenientlyAndRefusedStrictly() {
        HttpResponse<String> lenient = http.get("Organization?no-such-param=1&_count=1");
        assertThat(lenient.statusCode()).isEqualTo(200);
        HttpResponse<String> strict = http.get("Organization?no-such-param=1", "Prefer", "handling=strict");
        assertThat(strict.statusCode()).isEqualTo(400);
        assertThat(strict.body()).contains("no-such-param");
    }

    @Test
    void theSelfLinkLeavesOutTheParametersALenientSearchIgnored() {
        String tag = unique();
        String id = createOrganizations(tag, 1).get(0);
        Bundle b = getOk("Organization?no-such-param=1&identifier=urn:test:org%7C" + tag + "&_content=x&name:nope=y",
                Bundle.class);
        assertThat(ids(b)).containsExactly(id);
        String self = b.getLink("self").getUrl();
        assertThat(self).contains("identifier=").doesNotContain("no-such-param").doesNotContain("_content")
                .doesNotContain("name");
        // the link repeats the search that was done
        assertThat(ids(getOk(self.substring(base().length() + 1), Bundle.class))).containsExactly(id);
    }

    @Test
    void aControlCharacterInAValueIs400NamingTheParameter() {
        for (String query : List.of("Organization?name=a%00b", "Organization?identifier=x%07", "Organization?_source=%00")) {
            HttpResponse<String> r = http.get(query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).as(query).contains("search parameter '" + query.substring(13, query.indexOf('=')) + "'");
        }
    }

    @Test
    void tenThousandOredValuesGiveTheRightAnswer() {
        String tag = unique();
        String id = createOrganizations(tag, 1).get(0);
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            values.append(i == 0 ? "" : ",").append(i == 5_000 ? "urn:test:org%7C" + tag : "n" + i);
        }
        var r = http.send(http.request("Organization/_search", "Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("identifier=" + values)));
        assertThat(r.statusCode()).isEqualTo(200);
        Bundle b = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, r.body());
        assertThat(ids(b)).containsExactly(id);
    }

    @Test
    void malformedValuesAre400NamingTheParameter() {
        HttpResponse<String> r = http.get("Organization?_lastUpdated=notadate");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("_lastUpdated");
        assertThat(http.get("Organization?_count=abc").statusCode()).isEqualTo(400);
        HttpResponse<String> summary = http.get("Organization?_summary=bogus");
        assertThat(summary.statusCode()).isEqualTo(400);
        assertThat(summary.body()).contains("_summary");
        assertThat(http.get("Organization?_summary=text").statusCode()).isEqualTo(200);
        assertThat(http.get("Organization?identifier='%3B%20drop%20table%20resource%3B--").statusCode()).isEqualTo(200);
        assertThat(http.get("Organization?_getpages=not-a-search").statusCode()).isEqualTo(400);
    }
}
