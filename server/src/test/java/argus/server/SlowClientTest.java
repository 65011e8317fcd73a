package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slow, stalled and greedy clients are cut off; everyone else is still served. */
class SlowClientTest {

    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of(
                "READ_TIMEOUT_MS", "300", "IDLE_TIMEOUT_MS", "2000", "MAX_CONNECTIONS", "20"));

    @Test
    @Timeout(20)
    void shouldCutOffAClientThatTricklesItsHeadersByteByByte() throws Exception {
        byte[] request = "GET /api/v1/health HTTP/1.1\r\nhost: t\r\nx-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        try (RawHttp http = new RawHttp(server.port())) {
            int sent = 0;
            try {
                // One byte every 50 ms: each byte would reset an idle timer, never the deadline.
                for (; sent < request.length; sent++) {
                    http.sendBytes(new byte[] {request[sent]});
                    Thread.sleep(50);
                }
            } catch (IOException closed) {
                // expected: the server hung up mid-request
            }
            assertTrue(sent < request.length, "cut off before the head was complete");
            RawHttp.Response r = http.read();
            assertEquals(408, r.status());
            assertTrue(r.body().startsWith("request: not received in full within 300 ms"), r.body());
        } catch (IOException reset) {
            // The 408 may be lost to a reset when the client kept writing into a closed socket.
        }
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "cut off well before the client finished");
        assertHealthy();
    }

    @Test
    @Timeout(20)
    void shouldCutOffABodyThatNeverArrives() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ncontent-length: 60\r\n\r\n{\"key\":");
            RawHttp.Response r = http.read();
            assertEquals(408, r.status());
            assertTrue(http.closedByServer());
        }
        assertHealthy();
    }

    @Test
    @Timeout(20)
    void shouldKeepAPatientKeepAliveConnectionAcrossRequests() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            for (int i = 0; i < 3; i++) {
                http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
                assertEquals("OK", http.read().body());
                Thread.sleep(400); // longer than the read deadline, shorter than the idle timeout
            }
        }
    }

    /**
     * A client that pipelines more than the socket buffers hold and then reads slowly but steadily
     * (4 KB every 20 ms): the connection is paused for backpressure much longer than the idle
     * timeout, as the kernel's send buffer drains slowly, yet it is not cut off.
     */
    @Test
    @Timeout(30)
    void shouldKeepAPausedConnectionWhoseClientReadsSlowly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.transport() == Transport.EPOLL,
                "the kernel's send progress is read with epoll only");
        byte[] scrape = "GET /metrics HTTP/1.1\r\nhost: t\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer flood = RawHttp.repeated(scrape, 4000 * scrape.length); // some 8 MB of answers
        try (java.nio.channels.SocketChannel client = RawHttp.sendWithoutReading(server.port(), flood, 300)) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(4096);
            long until = System.nanoTime() + 7_000_000_000L; // 3.5x IDLE_TIMEOUT_MS
            long got = 0;
            while (System.nanoTime() < until) {
                in.clear();
                int n = client.read(in);
                assertTrue(n >= 0, "closed after " + got + " bytes read");
                got += n;
                Thread.sleep(20);
            }
            assertTrue(got > 0, "nothing read");
        }
        assertHealthy();
    }

    /** Empty lines are skipped between requests (RFC 9112 §2.2), so they must not keep a connection alive. */
    @Test
    @Timeout(20)
    void shouldCloseAConnectionThatSendsOnlyEmptyLines() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            boolean cut = false;
            try {
                for (int i = 0; i < 12; i++) { // 6 s of it, one empty line every 500 ms: 3x IDLE_TIMEOUT_MS
                    http.sendBytes(new byte[] {'\r', '\n'});
                    Thread.sleep(500);
                }
            } catch (IOException closed) {
                cut = true; // the server hung up, and a later write met the reset
            }
            http.timeout(200);
            assertTrue(cut || http.closedByServer(), "still open after 6 s of empty lines only");
        }
        assertHealthy();
    }

    @Test
    @Timeout(20)
    void shouldRefuseConnectionsOverTheCapCleanly() throws Exception {
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawHttp http = new RawHttp(server.port());
                held.add(http);
                http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
                assertEquals(200, http.read().status());
            }
            try (RawHttp extra = new RawHttp(server.port())) {
                RawHttp.Response r = extra.read();
                assertEquals(503, r.status());
                assertTrue(r.body().startsWith("server: too many open connections (MAX_CONNECTIONS=20)"), r.body());
                assertTrue(extra.closedByServer());
            }
        } finally {
            for (RawHttp http : held) {
                http.close();
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                assertHealthy();
                break;
            } catch (AssertionError | IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20); // closes are counted asynchronously
            }
        }
    }

    @Test
    @Timeout(20)
    void shouldTimeOutARequestThatStartedInTheSameReadAsTheOneBeforeIt() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\nGET /api/v1/hea");
            assertEquals(200, http.read().status());
            RawHttp.Response r = http.read(); // 300 ms later, not at the 2 s idle timeout with no answer
            assertEquals(408, r.status());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    @Timeout(20)
    void shouldNotTimeOutAnEmptyLineBetweenRequests() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(200, http.read().status());
            http.send("\r\n"); // RFC 9112 2.2: ignored before a request line
            Thread.sleep(600); // twice the read deadline
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals(200, http.read().status());
        }
    }

    /**
     * A client pipelines requests and never reads the answers, and the last request is incomplete:
     * its 408 can never be sent, yet the connection must not stay open (it would hold a slot of
     * MAX_CONNECTIONS for good).
     */
    @Test
    @Timeout(30)
    void shouldCloseAClientThatNeverReadsItsAnswers() throws Exception {
        byte[] request = "GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer flood = RawHttp.repeated(request, 32 << 20);
        try (java.nio.channels.SocketChannel client = RawHttp.sendWithoutReading(server.port(), flood, 500)) {
            client.write(java.nio.ByteBuffer.wrap("GET /api/v1/hea".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertTrue(flood.hasRemaining(), "the client's writes stalled: the server stopped reading it");
            // Closed by the server within the read timeout plus the idle timeout (0.3 + 2 s), well before 20 s.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (RawHttp.metric(server.port(), "argus_open_connections") > 1) { // the one asking
                assertTrue(System.nanoTime() < deadline, "a client that never reads still holds its connection");
                Thread.sleep(100);
            }
        }
        assertHealthy();
    }

    private static void assertHealthy() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n");
            assertEquals("OK", http.read().body());
        }
    }
}
