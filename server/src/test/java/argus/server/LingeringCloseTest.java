package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Closing while the client is still sending: the answer first, then a FIN, then what the client
 * sends is dropped until it closes, for a bounded time. The idle timeout is long here, so that
 * the bound seen is the linger's own.
 */
class LingeringCloseTest {

    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of("IDLE_TIMEOUT_MS", "30000"));

    /**
     * A client that sends a whole oversized body before reading gets the 413 and its reason, not a
     * reset: the server answers, shuts its side down and drops what is still coming until the
     * client closes (a close with unread input would send a reset, and a reset makes the client's
     * TCP discard the answer it had not read yet).
     */
    @Test
    @Timeout(30)
    void shouldLetAClientThatSendsATooLargeBodyReadTheAnswer() throws Exception {
        for (String head : new String[] {"POST /api/v1/limit", "GET /api/v1/health"}) {
            try (RawHttp http = new RawHttp(server.port())) {
                byte[] body = new byte[8 << 20];
                java.util.Arrays.fill(body, (byte) 'x');
                http.sendBytes((head + " HTTP/1.1\r\nhost: t\r\ncontent-length: " + body.length + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                http.sendBytes(body); // blocks until the server has taken it all: it must keep reading
                RawHttp.Response r = http.read();
                assertEquals(head.startsWith("POST") ? 413 : 200, r.status(), head + ": " + r.body());
                assertTrue(http.closedByServer(), head);
            }
        }
    }

    /** The lingering close is bounded: a client that never stops sending is cut off. */
    @Test
    @Timeout(30)
    void shouldCutOffAClientThatNeverStopsSendingAfterItsAnswer() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ncontent-length: 999999999999\r\n\r\n");
            assertEquals(413, http.read().status());
            byte[] chunk = new byte[1 << 16];
            long until = System.nanoTime() + 10_000_000_000L; // 5x the linger bound
            boolean cut = false;
            try {
                while (System.nanoTime() < until) {
                    http.sendBytes(chunk);
                }
            } catch (java.io.IOException closed) {
                cut = true;
            }
            assertTrue(cut, "still taking bytes 10 s after the answer");
        }
    }
}
