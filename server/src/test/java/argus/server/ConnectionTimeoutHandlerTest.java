package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import argus.codec.LimitRequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deadlines of one connection, driven directly on an embedded channel (real time, short timeouts). */
class ConnectionTimeoutHandlerTest {

    private static final long READ_MS = 100;
    private static final long IDLE_MS = 300;

    /** Takes every write and never completes it: a client that does not read, its socket buffers full. */
    private static final class StuckSocket extends ChannelOutboundHandlerAdapter {
        final List<String> written = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            written.add(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
            ReferenceCountUtil.release(msg);
        }
    }

    private final AtomicInteger timeouts = new AtomicInteger();
    private static final HttpResponses RESPONSES = new HttpResponses(new LimitRequestDecoder(256),
            TestConfigs.server(Map.of()));

    @AfterAll
    static void releaseResponses() {
        RESPONSES.close();
    }

    private ConnectionTimeoutHandler handler() {
        return new ConnectionTimeoutHandler(READ_MS, IDLE_MS, RESPONSES.requestTimeout, timeouts::incrementAndGet);
    }

    /** A read burst of {@code bytes}, reported as the API handler does once it has handled it. */
    private static void burst(EmbeddedChannel channel, ConnectionTimeoutHandler deadline, String bytes,
                              boolean midRequest, boolean answered) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
        deadline.readDone(midRequest, answered, !bytes.isBlank());
    }

    private static void waitAndRun(EmbeddedChannel channel, long millis) throws InterruptedException {
        Thread.sleep(millis);
        channel.runScheduledPendingTasks();
    }

    @Test
    @Timeout(10)
    void shouldCloseEvenWhenTheTimeoutAnswerCannotBeSent() throws Exception {
        StuckSocket socket = new StuckSocket();
        ConnectionTimeoutHandler deadline = handler();
        EmbeddedChannel channel = new EmbeddedChannel(socket, deadline);
        burst(channel, deadline, "GET /api/v1/hea", true, false);
        waitAndRun(channel, READ_MS + 50);
        assertEquals(1, timeouts.get(), "the read deadline passed");
        assertEquals(1, socket.written.size());
        assertTrue(socket.written.get(0).startsWith("HTTP/1.1 408 "), socket.written.get(0));
        assertTrue(channel.isActive(), "the 408 is not sent yet: the close waits for it");
        waitAndRun(channel, IDLE_MS + 50);
        assertFalse(channel.isActive(), "closed although the 408 was never sent");
        channel.finishAndReleaseAll();
    }

    @Test
    @Timeout(10)
    void shouldNotStartTheReadDeadlineBetweenRequests() throws Exception {
        ConnectionTimeoutHandler deadline = handler();
        EmbeddedChannel channel = new EmbeddedChannel(deadline);
        burst(channel, deadline, "\r\n", false, false); // an empty line between requests: nothing pending
        waitAndRun(channel, READ_MS + 50);
        assertEquals(0, timeouts.get());
        assertTrue(channel.isActive());
        waitAndRun(channel, IDLE_MS);
        assertFalse(channel.isActive(), "closed once idle");
        assertEquals(0, timeouts.get());
        channel.finishAndReleaseAll();
    }

    /** Empty lines now and then must not hold a connection open: they are skipped, not requests. */
    @Test
    @Timeout(10)
    void shouldCloseAnIdleConnectionThatSendsOnlyEmptyLines() throws Exception {
        ConnectionTimeoutHandler deadline = handler();
        EmbeddedChannel channel = new EmbeddedChannel(deadline);
        for (int i = 0; i < 6 && channel.isActive(); i++) {
            burst(channel, deadline, "\r\n", false, false);
            waitAndRun(channel, IDLE_MS / 3);
        }
        assertFalse(channel.isActive(), "closed within the idle timeout despite the empty lines");
        channel.finishAndReleaseAll();
    }

    @Test
    @Timeout(10)
    void shouldKeepAConnectionWhoseRequestsComeWithinTheIdleTimeout() throws Exception {
        ConnectionTimeoutHandler deadline = handler();
        EmbeddedChannel channel = new EmbeddedChannel(deadline);
        for (int i = 0; i < 6; i++) {
            burst(channel, deadline, "GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\n", false, false);
            long sentAt = System.nanoTime();
            waitAndRun(channel, IDLE_MS / 3);
            if (System.nanoTime() - sentAt >= IDLE_MS * 1_000_000L) {
                break; // this thread stalled past the idle timeout (a busy machine): nothing left to judge
            }
            assertTrue(channel.isActive(), "request " + i);
        }
        channel.finishAndReleaseAll();
    }

    @Test
    @Timeout(10)
    void shouldRunTheReadDeadlineOnlyWhileReading() throws Exception {
        ConnectionTimeoutHandler deadline = handler();
        EmbeddedChannel channel = new EmbeddedChannel(deadline);
        burst(channel, deadline, "GET /api/v1/hea", true, false);
        channel.config().setAutoRead(false); // paused: the client does not read its answers
        waitAndRun(channel, READ_MS + 50);
        assertEquals(0, timeouts.get(), "no 408 for a request the server itself holds back");
        deadline.resumed();
        channel.config().setAutoRead(true);
        burst(channel, deadline, "lth HTTP/1.1\r\n", true, false);
        waitAndRun(channel, READ_MS / 2);
        assertEquals(0, timeouts.get(), "the deadline starts again from the resumed read");
        waitAndRun(channel, READ_MS);
        assertEquals(1, timeouts.get());
        channel.finishAndReleaseAll();
    }

    /** A request answered from its head whose body is late: the connection closes without a second answer. */
    @Test
    @Timeout(10)
    void shouldCloseWithoutA408WhenTheLateBodyBelongsToAnAnsweredRequest() throws Exception {
        StuckSocket socket = new StuckSocket();
        ConnectionTimeoutHandler deadline = handler();
        EmbeddedChannel channel = new EmbeddedChannel(socket, deadline);
        // Answered from its head; 8 body bytes still to skip.
        burst(channel, deadline, "GET /api/v1/health HTTP/1.1\r\ncontent-length: 9\r\n\r\nx", true, true);
        waitAndRun(channel, READ_MS + 50);
        assertFalse(channel.isActive(), "closed at the read deadline");
        assertEquals(0, timeouts.get());
        assertTrue(socket.written.isEmpty(), "no 408 after the answer: " + socket.written);
        channel.finishAndReleaseAll();
    }
}
