package io.w7s.host.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The dashboard's snapshots: what the first holds, rates between ticks, and only what is new in later ones. */
class LiveFeedTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long SECOND = 1_000_000_000L;
    static final String API = "acme/api@production";
    static final String DB = "acme/db@production";

    static List<LiveFeed.Row> rows() {
        return List.of(
                new LiveFeed.Row(DB, "acme", "db", "production", "http://db.acme.localhost:8080/", "serving", null, 2),
                new LiveFeed.Row(API, "acme", "api", "production", "http://api.acme.localhost:8080/", "serving", null, 1),
                new LiveFeed.Row("acme/broken@production", "acme", "broken", "production", null, "failed", "src/index.ts:1:1: nope", 0));
    }

    static LiveStats.Failure failure(String request) {
        return new LiveStats.Failure(Instant.ofEpochMilli(1_000), API, request, 500, "Error: x\n    at f (src/index.ts:2:3)", "req-1", null);
    }

    /** What a client that applies every snapshot holds: the JSON round trip included. */
    static JsonNode tick(LiveFeed feed, long nanos) throws Exception {
        return JSON.readTree(feed.next(rows(), nanos).toString());
    }

    @Test
    void theFirstSnapshotIsFullAndLaterOnesCarryRatesAndWhatIsNew() throws Exception {
        LiveStats live = new LiveStats();
        LogTail logs = new LogTail();
        live.deployment(API).record(200, 4_000_000);
        live.edge(API, DB).record(200, 2_000_000);
        live.deployment(DB).record(200, 2_000_000);
        live.failed(failure("GET /a"));
        logs.publish(new LogRecord(Level.INFO, "[" + API + "] started"));
        LiveFeed feed = new LiveFeed(live, logs);

        JsonNode first = tick(feed, 10 * SECOND);
        assertTrue(first.get("full").asBoolean());
        JsonNode deployments = first.get("deployments");
        assertEquals(List.of(API, "acme/broken@production", DB), labels(deployments), "in label order");
        JsonNode api = deployments.get(0);
        assertEquals("http://api.acme.localhost:8080/", api.get("url").asText());
        assertEquals("serving", api.get("status").asText());
        assertEquals(1, api.get("requests").asLong());
        assertTrue(api.get("rps").isNull(), "no rate before a second look");
        assertTrue(api.get("p50").asDouble() > 0 && api.get("p99").asDouble() >= api.get("p50").asDouble(), api.toString());
        JsonNode broken = deployments.get(1);
        assertEquals("failed", broken.get("status").asText());
        assertEquals("src/index.ts:1:1: nope", broken.get("message").asText());
        assertTrue(broken.get("p50").isNull() && broken.get("url").isNull());
        assertEquals(1, first.get("edges").size());
        assertEquals(API, first.get("edges").get(0).get("caller").asText());
        assertEquals(DB, first.get("edges").get(0).get("target").asText());
        assertEquals("GET /a", first.get("failures").get(0).get("request").asText());
        assertEquals("Error: x\n    at f (src/index.ts:2:3)", first.get("failures").get(0).get("detail").asText());
        assertEquals("started", first.get("logs").get(API).get(0).get("text").asText());

        for (int i = 0; i < 3; i++) live.deployment(API).record(200, 1_000_000);
        live.deployment(API).record(503, 1_000_000);
        for (int i = 0; i < 4; i++) live.edge(API, DB).record(i == 0 ? 500 : 200, 1_000_000);
        live.failed(failure("GET /b"));
        live.failed(failure("GET /c"));
        logs.publish(new LogRecord(Level.INFO, "[" + DB + "] query"));
        JsonNode second = tick(feed, 12 * SECOND); // two seconds later
        assertFalse(second.get("full").asBoolean());
        JsonNode api2 = second.get("deployments").get(0);
        assertEquals(5, api2.get("requests").asLong());
        assertEquals(2.0, api2.get("rps").asDouble(), "4 requests in 2 s");
        assertEquals(0.25, api2.get("errorRate").asDouble(), "1 of the 4 failed");
        assertEquals(0.0, second.get("deployments").get(2).get("rps").asDouble(), "db had no request since");
        JsonNode edge = second.get("edges").get(0);
        assertEquals(2.0, edge.get("rps").asDouble());
        assertEquals(0.5, edge.get("errorsPerSec").asDouble());
        assertEquals(List.of("GET /c", "GET /b"), second.get("failures").findValuesAsText("request"), "only the new ones, newest first");
        assertEquals(List.of(DB), fieldNames(second.get("logs")), "only the new lines");

        JsonNode third = tick(feed, 13 * SECOND);
        assertEquals(0, third.get("failures").size());
        assertEquals(0, third.get("logs").size());
        assertEquals(0.0, third.get("deployments").get(0).get("rps").asDouble());
    }

    @Test
    void withMetricsOffItListsDeploymentsWithoutFigures() throws Exception {
        JsonNode s = tick(new LiveFeed(null, null), SECOND);
        assertEquals(3, s.get("deployments").size());
        assertEquals(0, s.get("deployments").get(0).get("requests").asLong());
        assertEquals(0, s.get("edges").size());
        assertEquals(0, s.get("failures").size());
        assertEquals(0, s.get("logs").size());
    }

    @Test
    void newFailuresAreThoseAfterTheLastOneSeenOrAllWhenItIsGone() {
        LiveStats.Failure a = failure("a");
        LiveStats.Failure b = failure("a"); // equal, but another failure
        LiveStats.Failure c = failure("c");
        assertEquals(List.of(a, b, c), LiveFeed.newSince(List.of(a, b, c), null));
        List<LiveStats.Failure> afterA = LiveFeed.newSince(List.of(a, b, c), a);
        assertEquals(2, afterA.size());
        assertSame(b, afterA.get(0), "found by identity, not by equality");
        assertEquals(List.of(), LiveFeed.newSince(List.of(a, b, c), c));
        assertEquals(List.of(b, c), LiveFeed.newSince(List.of(b, c), failure("x")), "the last seen was pushed out: all are new");
        assertEquals(null, LiveFeed.perSecond(5, null, 1));
        assertEquals(2.5, LiveFeed.perSecond(5, 0L, 2));
        assertEquals(0.0, LiveFeed.errorRate(0, 0));
    }

    static List<String> labels(JsonNode deployments) {
        List<String> list = new ArrayList<>();
        deployments.forEach(d -> list.add(d.get("label").asText()));
        return list;
    }

    static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
