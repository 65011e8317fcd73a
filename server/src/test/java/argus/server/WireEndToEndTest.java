package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/1.1 connection handling over raw sockets: pipelining, close, HTTP/1.0, framing errors. */
class WireEndToEndTest {

    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of());

    private static RawHttp connect() throws Exception {
        return new RawHttp(server.port());
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws Exception {
        try (RawHttp http = connect()) {
            String first = RawHttp.limitRequest(RawHttp.body("pipe", 2, 60, "s"), "");
            String health = "GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n";
            http.send(first + first + "GET /nowhere HTTP/1.1\r\nhost: t\r\n\r\n" + first + health);
            assertEquals("OK", http.read().body());
            assertEquals("OK", http.read().body());
            assertEquals(404, http.read().status());
            assertEquals("LIMITED", http.read().body());
            RawHttp.Response last = http.read();
            assertEquals(200, last.status());
            assertEquals("OK", last.body());
        }
    }

    /** Answers of every kind in one read burst share one output buffer: their order and bytes must hold. */
    @Test
    void shouldAnswerABurstOfEveryKindOfRequestInOrderAndCloseAfterTheLast() throws Exception {
        try (RawHttp http = connect()) {
            String limit = RawHttp.limitRequest(RawHttp.body("burst", 1, 60, "s"), "");
            String batchBody = "[" + RawHttp.body("burst-b", 1, 60, "s") + "," + RawHttp.body("burst-b", 1, 60, "s") + "]";
            String batch = "POST /api/v1/limits HTTP/1.1\r\nhost: t\r\ncontent-length: " + batchBody.length()
                    + "\r\n\r\n" + batchBody;
            String metrics = "GET /metrics HTTP/1.1\r\nhost: t\r\n\r\n";
            String check = "GET /api/v1/check?key=burst-c&capacity=1&interval=60&unit=s HTTP/1.1\r\nhost: t\r\n\r\n";
            String bad = RawHttp.limitRequest("{\"key\":12}", "");
            String closing = RawHttp.limitRequest(RawHttp.body("burst-last", 1, 60, "s"), "connection: close\r\n");
            http.send(limit + batch + metrics + check + check + bad + limit + closing + limit);
            assertEquals("OK", http.read().body());
            RawHttp.Response batchAnswer = http.read();
            assertEquals(200, batchAnswer.status());
            assertTrue(batchAnswer.body().startsWith("[{\"status\":\"OK\""), batchAnswer.body());
            assertTrue(batchAnswer.body().contains("},{\"status\":\"LIMITED\""), batchAnswer.body());
            RawHttp.Response metricsAnswer = http.read();
            assertEquals(200, metricsAnswer.status());
            assertTrue(metricsAnswer.body().contains("argus_"), "a Prometheus scrape");
            assertEquals(200, http.read().status());
            assertEquals(429, http.read().status());
            assertEquals(400, http.read().status());
            assertEquals("LIMITED", http.read().body());
            RawHttp.Response last = http.read();
            assertEquals("OK", last.body());
            assertEquals("close", last.header("connection"));
            assertTrue(http.closedByServer(), "nothing after the answer that closes");
        }
    }

    @Test
    void shouldKeepTheConnectionOpenByDefault() throws Exception {
        try (RawHttp http = connect()) {
            for (int i = 0; i < 5; i++) {
                http.send(RawHttp.limitRequest(RawHttp.body("keep-" + i, 1, 60, "s"), ""));
                RawHttp.Response r = http.read();
                assertEquals("OK", r.body());
                assertNull(r.header("connection"));
            }
        }
    }

    @Test
    void shouldCloseAfterAnsweringConnectionClose() throws Exception {
        try (RawHttp http = connect()) {
            http.send(RawHttp.limitRequest(RawHttp.body("closing", 1, 60, "s"), "connection: close\r\n"));
            RawHttp.Response r = http.read();
            assertEquals("OK", r.body());
            assertEquals("close", r.header("connection"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void shouldHonourHttp10KeepAlive() throws Exception {
        try (RawHttp http = connect()) {
            http.send("GET /api/v1/health HTTP/1.0\r\nconnection: keep-alive\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals("OK", r.body());
            assertEquals("keep-alive", r.header("connection"));
            http.send("GET /api/v1/health HTTP/1.0\r\n\r\n");
            RawHttp.Response second = http.read();
            assertEquals("close", second.header("connection"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void shouldDecodeABodySentInChunks() throws Exception {
        String body = RawHttp.body("chunked", 1, 60, "s");
        String head = "POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n";
        String chunks = Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
        try (RawHttp http = connect()) {
            http.send(head + chunks);
            assertEquals("OK", http.read().body());
            http.send(head + chunks);
            assertEquals("LIMITED", http.read().body());
        }
    }

    @Test
    void shouldDecodeABodyThatArrivesInPieces() throws Exception {
        byte[] raw = RawHttp.limitRequest(RawHttp.body("trickle", 1, 60, "s"), "").getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = connect()) {
            int split = raw.length - 20;
            http.sendBytes(java.util.Arrays.copyOfRange(raw, 0, split));
            Thread.sleep(50);
            http.sendBytes(java.util.Arrays.copyOfRange(raw, split, raw.length));
            assertEquals("OK", http.read().body());
        }
    }

    @Test
    void shouldRefuseBrokenChunkFramingWithoutChargingTheKey() throws Exception {
        String body = RawHttp.body("bad-chunks", 1, 60, "s");
        try (RawHttp http = connect()) {
            http.send("POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length() - 5) + "\r\n" + body.substring(0, body.length() - 5)
                    + "\r\nzz\r\n" + body.substring(body.length() - 5) + "\r\n0\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals(400, r.status());
            assertTrue(http.closedByServer());
        }
        try (RawHttp http = connect()) {
            http.send(RawHttp.limitRequest(body, ""));
            assertEquals("OK", http.read().body(), "the broken request took nothing");
        }
    }

    @Test
    void shouldAnswerMalformedHttpWith400AndClose() throws Exception {
        try (RawHttp http = connect()) {
            http.send("THIS IS NOT HTTP\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals(400, r.status());
            assertTrue(http.closedByServer());
        }
        try (RawHttp http = connect()) {
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals("OK", http.read().body(), "the server goes on");
        }
    }

    @Test
    void shouldRefuseAnOverlongUriWith414() throws Exception {
        try (RawHttp http = connect()) {
            http.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(414, http.read().status());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void shouldRefuseOversizedHeadersWith431() throws Exception {
        try (RawHttp http = connect()) {
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\nx-big: " + "b".repeat(20_000) + "\r\n\r\n");
            assertEquals(431, http.read().status());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void shouldAnswerExpectContinueBeforeTheBody() throws Exception {
        String body = RawHttp.body("continue", 1, 60, "s");
        try (RawHttp http = connect()) {
            http.send("POST /api/v1/limit HTTP/1.1\r\nhost: t\r\nexpect: 100-continue\r\ncontent-length: "
                    + body.length() + "\r\n\r\n");
            RawHttp.Response interim = http.read();
            assertEquals(100, interim.status());
            http.send(body);
            assertEquals("OK", http.read().body());
        }
    }

    @Test
    void shouldCloseIdleConnectionsAfterTheIdleTimeout() throws Exception {
        try (ArgusServer quick = ArgusServer.start(TestConfigs.server(Map.of("IDLE_TIMEOUT_MS", "200")));
             RawHttp http = new RawHttp(quick.port())) {
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals("OK", http.read().body());
            http.timeout(3_000);
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void shouldKeepServingAfterAClientVanishesMidRequest() throws Exception {
        try (RawHttp http = connect()) {
            http.send("POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ncontent-length: 100\r\n\r\n{\"key\":");
        }
        try (RawHttp http = connect()) {
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals("OK", r.body());
        }
    }
    /**
     * A HEAD answer has the head of the GET answer and no body (RFC 9110 9.3.2), also when it is a
     * 404 or 405: the bytes of a body would be read as the start of the next answer. Checked on a
     * kept-alive connection by the answer to a request that follows.
     */
    @Test
    void shouldAnswerHeadWithoutABody() throws Exception {
        try (RawHttp http = connect()) {
            for (String target : new String[] {"/api/v1/health", "/metrics", "/nope", "/api/v1/limit", "/api/v1/check?key=k"}) {
                http.send("HEAD " + target + " HTTP/1.1\r\nhost: t\r\n\r\nGET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
                String head = http.readHead();
                String status = head.substring(9, 12);
                assertEquals(target.equals("/api/v1/health") || target.equals("/metrics") ? "200"
                        : target.equals("/nope") ? "404" : "405", status, head);
                assertTrue(head.contains("content-length: "), head);
                RawHttp.Response next = http.read(); // would start with the HEAD answer's body
                assertEquals(200, next.status(), "after HEAD " + target);
                assertEquals("OK", next.body());
            }
        }
    }
    /**
     * A request that waits for 100 Continue before sending its body, answered from its head alone
     * (404, 405, or a route without a body): the connection closes after the answer, since the body
     * may still come and must not be read as the next request.
     */
    @Test
    void shouldCloseAfterAnsweringAnExpectContinueRequestWithoutItsBody() throws Exception {
        for (String head : new String[] {"POST /nope", "PUT /api/v1/limit", "GET /api/v1/health"}) {
            try (RawHttp http = connect()) {
                http.send(head + " HTTP/1.1\r\nhost: t\r\nexpect: 100-continue\r\ncontent-length: 10\r\n\r\n");
                RawHttp.Response r = http.read();
                assertEquals("close", r.header("connection"), head + ": " + r.head());
                assertTrue(http.closedByServer(), head);
            }
        }
        try (RawHttp http = connect()) { // the route that reads the body still says 100 Continue
            http.send("POST /api/v1/limit HTTP/1.1\r\nhost: t\r\nexpect: 100-continue\r\ncontent-length: 10\r\n\r\n");
            assertEquals(100, http.read().status());
        }
    }
    /**
     * A body the route does not use is skipped up to MAX_BODY_BYTES (4096 by default), not held up
     * to the batch limit: a bigger one ends the connection after the answer.
     */
    @Test
    void shouldNotHoldALargeBodyThatTheRouteDoesNotUse() throws Exception {
        try (RawHttp http = connect()) { // a small one is skipped and the connection goes on
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\ncontent-length: 100\r\n\r\n" + "x".repeat(100));
            assertEquals(200, http.read().status());
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(200, http.read().status());
        }
        for (String head : new String[] {"GET /api/v1/health", "POST /nope"}) {
            try (RawHttp http = connect()) {
                http.send(head + " HTTP/1.1\r\nhost: t\r\ncontent-length: 100000\r\n\r\n");
                http.read(); // answered from the head
                http.timeout(2000);
                try {
                    http.send("y".repeat(100_000));
                } catch (java.io.IOException closed) {
                    // the server may have closed already
                }
                assertTrue(http.closedByServer(), head + ": a 100 KB body is not read into memory");
            }
        }
    }

    /** RFC 9112 3.2.2: a server must accept a request target in absolute form. */
    @Test
    void shouldAcceptAnAbsoluteFormTarget() throws Exception {
        try (RawHttp http = connect()) {
            http.send("GET http://argus.example:8123/api/v1/health HTTP/1.1\r\nhost: argus.example:8123\r\n\r\n");
            assertEquals("OK", http.read().body());
            http.send("GET HTTP://argus.example/api/v1/check?key=abs&capacity=1&interval=60&unit=s HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(200, http.read().status());
            http.send("GET http://argus.example/api/v1/check?key=abs&capacity=1&interval=60&unit=s HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(429, http.read().status(), "the same key");
            http.send("GET http://argus.example HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(404, http.read().status());
            // No path: the query begins at the '?', and a path inside it is not the target's.
            http.send("GET http://argus.example?x=/api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(404, http.read().status());
            http.send("GET http://argus.example#/api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(404, http.read().status());
        }
    }
}
