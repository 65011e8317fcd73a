package argus.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that pipelines requests and does not read the answers: the server stops reading that
 * connection once its unsent answers pass the high-water mark, so the client's writes stall in TCP
 * flow control instead of piling answers up in the server; once the client reads, every request is
 * answered, in order.
 */
class BackpressureTest {

    private static final byte[] REQUEST = "GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Far more than the socket buffers on both sides can hold (a few MB each on loopback). */
    private static final int OFFERED_BYTES = 48 << 20;

    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of("IDLE_TIMEOUT_MS", "30000"));

    @Test
    @Timeout(60)
    void shouldStopReadingAClientThatDoesNotReadItsAnswers() throws Exception {
        byte[] answer;
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.sendBytes(REQUEST).read();
            answer = (r.head() + r.body()).getBytes(StandardCharsets.US_ASCII);
        }
        ByteBuffer offered = RawHttp.repeated(REQUEST, OFFERED_BYTES);
        long pausesBefore = readPauses();
        // Write without reading until the writes stall for a second (or everything went out).
        try (SocketChannel client = RawHttp.sendWithoutReading(server.port(), offered, 1000)) {
            int written = offered.position();
            assertTrue(offered.hasRemaining(), "the server read all " + written + " bytes without its answers being read");
            assertTrue(readPauses() > pausesBefore, "the pause is counted");

            // Now read: the server resumes, and every request sent gets its answer, in order.
            int requests = (written + REQUEST.length - 1) / REQUEST.length; // finish the one cut in half
            offered.limit(requests * REQUEST.length);
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            byte[] pending = new byte[0];
            long answers = 0;
            while (answers < requests) {
                client.write(offered);
                in.clear();
                int n = client.read(in);
                assertTrue(n >= 0, "closed after " + answers + " of " + requests + " answers");
                if (n == 0) {
                    Thread.sleep(1);
                    continue;
                }
                byte[] chunk = Arrays.copyOf(pending, pending.length + n);
                System.arraycopy(in.array(), 0, chunk, pending.length, n);
                int at = 0;
                for (; at + answer.length <= chunk.length; at += answer.length, answers++) {
                    assertArrayEquals(answer, Arrays.copyOfRange(chunk, at, at + answer.length), "answer " + answers);
                }
                pending = Arrays.copyOfRange(chunk, at, chunk.length);
            }
            assertEquals(requests, answers);
            assertEquals(0, pending.length, "nothing after the last answer");
        }
        try (RawHttp http = new RawHttp(server.port())) {
            assertEquals("OK", http.send(new String(REQUEST, StandardCharsets.US_ASCII)).read().body());
        }
    }

    /**
     * Small requests with large answers ({@code /metrics}, about 2 KB for 35 bytes): the answers
     * held for a client that does not read stay near the high-water mark, because decoding stops
     * too, not only reading; a read of 64 KB of such requests would otherwise queue some 4 MB.
     * Once the client reads, the held requests are answered, all of them.
     */
    @Test
    @Timeout(60)
    void shouldHoldBackRequestsWhoseAnswersOutgrowThem() throws Exception {
        byte[] scrape = "GET /metrics HTTP/1.1\r\nhost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer offered = RawHttp.repeated(scrape, 1 << 20);
        long pinnedBefore = PooledByteBufAllocator.DEFAULT.pinnedDirectMemory();
        try (SocketChannel client = RawHttp.sendWithoutReading(server.port(), offered, 500)) {
            long most = 0;
            for (int i = 0; i < 50; i++) { // the server may still be working through what it read
                most = Math.max(most, PooledByteBufAllocator.DEFAULT.pinnedDirectMemory() - pinnedBefore);
                Thread.sleep(10);
            }
            assertTrue(most < (2 << 20), "answers held for a client that does not read: " + most + " bytes");

            int requests = offered.position() / scrape.length;
            offered.limit(requests * scrape.length);
            byte[] status = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            String tail = "";
            long answers = 0;
            while (answers < requests) {
                client.write(offered);
                in.clear();
                int n = client.read(in);
                assertTrue(n >= 0, "closed after " + answers + " of " + requests + " answers");
                if (n == 0) {
                    Thread.sleep(1);
                    continue;
                }
                String chunk = tail + new String(in.array(), 0, n, StandardCharsets.ISO_8859_1);
                for (int at = chunk.indexOf("HTTP/1.1 200 OK\r\n"); at >= 0; at = chunk.indexOf("HTTP/1.1 200 OK\r\n", at + 1)) {
                    answers++;
                }
                tail = chunk.substring(Math.max(0, chunk.length() - status.length + 1));
            }
            assertEquals(requests, answers);
        }
    }

    private static long readPauses() throws Exception {
        return RawHttp.metric(server.port(), "argus_read_pauses_total");
    }
}
