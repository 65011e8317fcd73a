package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dslplatform.json.DslJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Argus adds to the original's answers: RateLimit headers, Retry-After, JSON bodies, hits,
 * algorithms, the batch and check endpoints, and metrics.
 */
class RichApiEndToEndTest {

    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of("MAX_BATCH_ITEMS", "5"));
    private static final DslJson<Object> JSON = new DslJson<>();

    private static RawHttp.Response exchange(String raw) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            return http.send(raw).read();
        }
    }

    private static RawHttp.Response limit(String body, String headers) throws Exception {
        return exchange(RawHttp.limitRequest(body, headers));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JSON.deserialize(Map.class, bytes, bytes.length);
    }

    @Test
    void shouldSendRateLimitHeadersOnEveryAnswerAndRetryAfterOnRefusals() throws Exception {
        String body = RawHttp.body("headers", 2, 60, "s");
        RawHttp.Response first = limit(body, "");
        assertEquals("OK", first.body());
        assertEquals("default;q=2;w=60", first.header("ratelimit-policy"));
        assertEquals("default;r=1;t=30", first.header("ratelimit"));
        assertNull(first.header("retry-after"));
        limit(body, "");
        RawHttp.Response refused = limit(body, "");
        assertEquals(200, refused.status(), "the original's contract: LIMITED is a 200");
        assertEquals("LIMITED", refused.body());
        assertEquals("30", refused.header("retry-after"));
        assertEquals("default;r=0;t=30", refused.header("ratelimit"));
    }

    @Test
    void shouldAnswerInJsonWhenAsked() throws Exception {
        String body = RawHttp.body("json-answer", 10, 60, "s"); // 6 s per token: no refill between the two requests
        RawHttp.Response byAccept = limit(body, "accept: application/json\r\n");
        assertEquals("application/json", byAccept.header("content-type"));
        Map<String, Object> answer = object(byAccept.body());
        assertEquals("OK", answer.get("status"));
        assertEquals(10L, ((Number) answer.get("limit")).longValue());
        assertEquals(9L, ((Number) answer.get("remaining")).longValue());
        assertEquals(6000L, ((Number) answer.get("reset_after_ms")).longValue());
        assertEquals(0L, ((Number) answer.get("retry_after_ms")).longValue());
        RawHttp.Response byQuery = exchange("POST /api/v1/limit?format=json HTTP/1.1\r\nhost: t\r\ncontent-length: "
                + body.length() + "\r\n\r\n" + body);
        assertEquals(8L, ((Number) object(byQuery.body()).get("remaining")).longValue());
    }

    @Test
    void shouldTakeSeveralHitsAndReportOnZero() throws Exception {
        String base = "{\"key\":\"hits\",\"capacity\":10,\"interval\":60,\"unit\":\"s\",\"hits\":";
        assertEquals("OK", limit(base + "7}", "").body());
        RawHttp.Response report = limit(base + "0}", "accept: application/json\r\n");
        assertEquals(3L, ((Number) object(report.body()).get("remaining")).longValue());
        assertEquals("LIMITED", limit(base + "4}", "").body());
        assertEquals("LIMITED", limit(base + "11}", "").body(), "more than the capacity: never");
        assertEquals("OK", limit(base + "3}", "").body());
    }

    /** The query options the server reads itself are checked like the request's own parameters. */
    @Test
    void shouldRefuseUnknownValuesOfTheQueryOptions() throws Exception {
        String check = "GET /api/v1/check?key=options&capacity=5&interval=60&unit=s";
        for (String[] c : new String[][] {
                {"&limited_status=500", "400", "limited_status: must be 429 or 403"},
                {"&limited_status=200", "400", "limited_status: must be 429 or 403"},
                {"&limited_status=403&limited_status=abc", "400", "limited_status: must be 429 or 403"},
                {"&format=xml", "400", "format: must be \"json\" or \"text\""},
                {"&format=", "400", "format: must be \"json\" or \"text\""},
                {"&limited_status=429&format=text", "200", "OK"},
                {"&format=json&format=text", "200", "OK"}}) { // the last occurrence counts
            RawHttp.Response r = exchange(check + c[0] + " HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(Integer.parseInt(c[1]), r.status(), c[0] + ": " + r.body());
            assertTrue(r.body().startsWith(c[2]), c[0] + ": " + r.body());
        }
        RawHttp.Response post = exchange("POST /api/v1/limit?format=yaml HTTP/1.1\r\nhost: t\r\ncontent-length: 2\r\n\r\n{}");
        assertEquals(400, post.status());
        assertTrue(post.body().startsWith("format: "), post.body());
        // Refused from its head, a body route behaves like any other: a body waiting for 100 Continue
        // or over MAX_BODY_BYTES ends the connection rather than being read.
        for (String headers : new String[] {"expect: 100-continue\r\ncontent-length: 100", "content-length: 400000"}) {
            try (RawHttp http = new RawHttp(server.port())) {
                http.send("POST /api/v1/limit?limited_status=1 HTTP/1.1\r\nhost: t\r\n" + headers + "\r\n\r\n");
                RawHttp.Response r = http.read();
                assertEquals(400, r.status(), headers);
                assertEquals("close", r.header("connection"), headers);
            }
        }
        // An explicit format wins over Accept.
        RawHttp.Response text = exchange(check + "&format=text HTTP/1.1\r\nhost: t\r\naccept: application/json\r\n\r\n");
        assertEquals("text/plain; charset=utf-8", text.header("content-type"));
    }

    /** More hits than the capacity: no wait admits them, so no Retry-After invites a retry, whatever the algorithm. */
    @Test
    void shouldGiveNoRetryTimeForMoreHitsThanTheCapacity() throws Exception {
        for (String algorithm : new String[] {"token_bucket", "leaky_bucket", "fixed_window", "sliding_window"}) {
            String body = "{\"key\":\"never-" + algorithm + "\",\"capacity\":5,\"interval\":60,\"unit\":\"s\",\"hits\":6,"
                    + "\"algorithm\":\"" + algorithm + "\"}";
            RawHttp.Response text = limit(body, "");
            assertEquals("LIMITED", text.body(), algorithm);
            assertNull(text.header("retry-after"), algorithm + ": " + text.head());
            RawHttp.Response json = limit(body, "accept: application/json\r\n");
            Map<String, Object> answer = object(json.body());
            assertEquals("LIMITED", answer.get("status"));
            assertTrue(answer.containsKey("retry_after_ms") && answer.get("retry_after_ms") == null, json.body());
            RawHttp.Response check = exchange("GET /api/v1/check?key=never-" + algorithm + "&capacity=5&interval=60&unit=s"
                    + "&hits=6&algorithm=" + algorithm + " HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(429, check.status());
            assertNull(check.header("retry-after"), algorithm + ": " + check.head());
        }
    }

    @Test
    void shouldApplyTheChosenAlgorithm() throws Exception {
        String leaky = "{\"key\":\"algo\",\"capacity\":10,\"interval\":60,\"unit\":\"s\",\"algorithm\":\"leaky_bucket\"}";
        assertEquals("OK", limit(leaky, "").body());
        assertEquals("LIMITED", limit(leaky, "").body(), "the leaky bucket allows no burst");
        String token = "{\"key\":\"algo\",\"capacity\":10,\"interval\":60,\"unit\":\"s\"}";
        assertEquals("OK", limit(token, "").body(), "the same name under another algorithm is another key");
        RawHttp.Response bad = limit("{\"key\":\"algo\",\"capacity\":10,\"interval\":60,\"unit\":\"s\",\"algorithm\":\"gcra\"}", "");
        assertEquals(400, bad.status());
        assertTrue(bad.body().startsWith("algorithm: must be one of"), bad.body());
    }

    @Test
    @SuppressWarnings("rawtypes") // DSL-JSON hands back untyped maps
    void shouldAnswerABatchInOrderWithPerItemErrors() throws Exception {
        String body = "[" + RawHttp.body("batch-a", 1, 60, "s") + ","
                + "{\"key\":\"batch-b\",\"capacity\":0,\"interval\":60,\"unit\":\"s\"},"
                + RawHttp.body("batch-a", 1, 60, "s") + ",[1]]";
        RawHttp.Response r = exchange("POST /api/v1/limits HTTP/1.1\r\nhost: t\r\ncontent-length: " + body.length()
                + "\r\n\r\n" + body);
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("content-type"));
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        List<Map> items = JSON.deserializeList(Map.class, bytes, bytes.length);
        assertEquals(4, items.size());
        assertEquals("OK", items.get(0).get("status"));
        assertTrue(((String) items.get(1).get("error")).startsWith("capacity: "));
        assertEquals("LIMITED", items.get(2).get("status"));
        assertEquals("item: not a JSON object", items.get(3).get("error"), "the reason is about the item, not the body");
    }

    @Test
    void shouldRefuseOversizedOrMalformedBatchesWhole() throws Exception {
        String item = RawHttp.body("batch-big", 100, 60, "s");
        String six = "[" + String.join(",", java.util.Collections.nCopies(6, item)) + "]";
        RawHttp.Response tooMany = exchange("POST /api/v1/limits HTTP/1.1\r\nhost: t\r\ncontent-length: " + six.length()
                + "\r\n\r\n" + six);
        assertEquals(400, tooMany.status());
        assertEquals("batch: more than 5 items (MAX_BATCH_ITEMS)\n", tooMany.body());
        RawHttp.Response notArray = exchange("POST /api/v1/limits HTTP/1.1\r\nhost: t\r\ncontent-length: " + item.length()
                + "\r\n\r\n" + item);
        assertEquals(400, notArray.status());
        assertTrue(notArray.body().startsWith("batch: not a JSON array"), notArray.body());
    }

    @Test
    void shouldAnswerChecksWith200Or429AndTheHeaders() throws Exception {
        String query = "GET /api/v1/check?key=check-1&capacity=1&interval=60&unit=s HTTP/1.1\r\nhost: t\r\n\r\n";
        RawHttp.Response allowed = exchange(query);
        assertEquals(200, allowed.status());
        assertEquals("OK", allowed.body());
        assertEquals("default;q=1;w=60", allowed.header("ratelimit-policy"));
        RawHttp.Response limited = exchange(query);
        assertEquals(429, limited.status());
        assertEquals("LIMITED", limited.body());
        assertEquals("60", limited.header("retry-after"));
        RawHttp.Response forbidden = exchange(query.replace("unit=s", "unit=s&limited_status=403"));
        assertEquals(403, forbidden.status(), "for nginx auth_request, which only understands 401/403 refusals");
        RawHttp.Response bad = exchange("GET /api/v1/check?key=check-1&capacity=0&interval=60&unit=s HTTP/1.1\r\nhost: t\r\n\r\n");
        assertEquals(400, bad.status());
        assertTrue(bad.body().startsWith("capacity: "), bad.body());
        assertEquals(405, exchange("POST /api/v1/check HTTP/1.1\r\nhost: t\r\ncontent-length: 0\r\n\r\n").status());
    }

    @Test
    void shouldShareBucketsBetweenCheckAndLimit() throws Exception {
        assertEquals("OK", limit("{\"key\":\"caf\\u00e9 1\",\"capacity\":1,\"interval\":60,\"unit\":\"s\"}", "").body());
        assertEquals(429, exchange("GET /api/v1/check?key=caf%C3%A9+1&capacity=1&interval=60&unit=s HTTP/1.1\r\nhost: t\r\n\r\n")
                .status());
    }

    @Test
    void shouldExposePrometheusMetrics() throws Exception {
        limit(RawHttp.body("metrics-key", 5, 60, "s"), "");
        limit("{\"key\":\"metrics-key\",\"capacity\":\"x\",\"interval\":60,\"unit\":\"s\"}", "");
        RawHttp.Response r = exchange("GET /metrics HTTP/1.1\r\nhost: t\r\n\r\n");
        assertEquals(200, r.status());
        assertTrue(r.header("content-type").startsWith("text/plain; version=0.0.4"), r.header("content-type"));
        String text = r.body();
        assertTrue(text.contains("argus_requests_total{endpoint=\"limit\",result=\"ok\"}"), text);
        assertTrue(text.contains("argus_decode_errors_total{reason=\"capacity_not_integer\"}"), text);
        assertTrue(text.contains("argus_live_keys "), text);
        assertTrue(text.contains("argus_open_connections "), text);
        assertTrue(text.contains("argus_rebuilds_total "), text);
        assertTrue(text.contains("argus_sampled_search_depth "), text);
    }
}
