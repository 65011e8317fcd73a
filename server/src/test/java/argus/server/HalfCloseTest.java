package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends its requests and then shuts down its sending side (a half-close, as
 * {@code nc -N} does) still gets every answer, then the server closes. Also when the answers are
 * held back for backpressure at the moment the half-close arrives.
 */
class HalfCloseTest {

    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of("IDLE_TIMEOUT_MS", "30000"));

    /** Sends {@code copies} of {@code request}, half-closes, reads to the end; returns what came back. */
    private static String exchange(String request, int copies, int receiveBuffer) throws Exception {
        try (SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            client.connect(new InetSocketAddress("127.0.0.1", server.port()));
            ByteBuffer out = RawHttp.repeated(request.getBytes(StandardCharsets.US_ASCII), copies * request.length());
            client.configureBlocking(false);
            long until = System.nanoTime() + 10_000_000_000L;
            while (out.hasRemaining()) { // all of it before reading a byte: the server pauses meanwhile
                if (client.write(out) == 0) {
                    assertTrue(System.nanoTime() < until, "the requests did not fit in the socket buffers");
                    Thread.sleep(1);
                }
            }
            client.shutdownOutput();
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            StringBuilder got = new StringBuilder();
            while (true) {
                in.clear();
                int n = client.read(in);
                if (n < 0) {
                    return got.toString();
                }
                if (n == 0) {
                    Thread.sleep(1);
                }
                got.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static int count(String text, String of) {
        int n = 0;
        for (int at = text.indexOf(of); at >= 0; at = text.indexOf(of, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    @Timeout(20)
    void shouldAnswerEveryRequestSentBeforeAHalfClose() throws Exception {
        String got = exchange("GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n", 3, 1 << 16);
        assertEquals(3, count(got, "HTTP/1.1 200 OK\r\n"), got);
    }

    @Test
    @Timeout(60)
    void shouldAnswerEveryRequestHeldForBackpressureWhenTheClientHalfCloses() throws Exception {
        int requests = 20000; // some 40 MB of answers: more than the socket buffers hold
        String got = exchange("GET /metrics HTTP/1.1\r\nhost: t\r\n\r\n", requests, 4096);
        assertEquals(requests, count(got, "HTTP/1.1 200 OK\r\n"));
    }
}
