package argus.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The connection's two deadlines, like Go's ReadTimeout and IdleTimeout:
 * <ul>
 *   <li>a request whose first byte arrived more than {@code READ_TIMEOUT_MS} ago and is still not
 *       complete is answered {@code 408} and its connection closed; unlike an idle timeout, a
 *       client that trickles one byte at a time (slowloris) does not push it back;</li>
 *   <li>a keep-alive connection with no request in progress and no request read for
 *       {@code IDLE_TIMEOUT_MS} is closed; empty lines between requests, which RFC 9112 lets a
 *       server skip, are not activity, or a client sending one now and then would hold the
 *       connection (and its {@code MAX_CONNECTIONS} slot) forever;</li>
 *   <li>while the connection does not read because its client does not read its answers
 *       (backpressure, see ApiHandler), the read deadline waits; the idle timeout runs from the
 *       last read or, with epoll, from the last data the kernel sent (which it does only as the
 *       client reads), so a client that stops reading for good is closed and one that reads
 *       slowly is not;</li>
 *   <li>a connection closing after its last answer ({@link #closing}) is closed at the latest
 *       {@code IDLE_TIMEOUT_MS} later, even if a client that does not read keeps that answer
 *       from ever being sent (its write, and the close waiting on it, would never complete).</li>
 * </ul>
 *
 * <p>Cost on the request path: one clock read per read burst, no allocation. One timer per
 * connection, re-armed from the check itself for the nearer of the two deadlines, as in Netty's
 * IdleStateHandler; unlike that handler it does not hook writes (which would allocate a promise
 * and a listener per response).
 */
final class ConnectionTimeoutHandler extends ChannelInboundHandlerAdapter {

    /** No request in progress. */
    private static final long NONE = Long.MIN_VALUE;
    /**
     * How long a lingering close waits for the client to stop sending: long enough for a body in
     * flight on a fast link, short enough that a client sending forever holds nothing for long.
     */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;
    private final HttpResponses.Response timeout;
    private final Runnable onTimeout;
    private long startedAt = NONE;
    /** When a closing connection is closed whether or not its last answer went out; NONE while open. */
    private long closeBy = NONE;
    /**
     * The request in progress was answered from its head and its body is being skipped: if that
     * body is late, the connection just closes (a 408 would be a second answer to one request).
     */
    private boolean answeredEarly;
    /** When the last read burst arrived: where a request's read deadline starts. */
    private long lastRead;
    /** When the last read burst that brought request bytes arrived (or answers drained): where the idle timeout starts. */
    private long lastActive;
    private ScheduledFuture<?> check;
    /** The deadline check, made once: a method reference per arming would be garbage per request. */
    private final Runnable checker = this::checkDeadlines;
    private ChannelHandlerContext ctx;

    ConnectionTimeoutHandler(long readTimeoutMillis, long idleTimeoutMillis, HttpResponses.Response timeout,
                             Runnable onTimeout) {
        this.onTimeout = onTimeout;
        this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastRead = System.nanoTime();
        lastActive = lastRead;
        arm(Math.min(idleTimeoutNanos, readTimeoutNanos)); // the first request may start at once
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    /** The request in progress was received in full (called by the API handler, on the event loop). */
    void requestDone() {
        startedAt = NONE;
    }

    /**
     * A read burst was handled (called by the API handler, on the event loop): {@code midRequest}
     * if part of a request has arrived and the rest has not. The read deadline runs from the burst
     * that brought the first byte of that request, also when that burst completed requests before
     * it (each reset by {@link #requestDone}); empty lines between requests do not start it.
     * {@code requestBytes}: the burst brought part of a request, not only empty lines; only then
     * does it push the idle timeout back.
     */
    void readDone(boolean midRequest, boolean answered, boolean requestBytes) {
        answeredEarly = answered;
        if (requestBytes) {
            lastActive = lastRead;
        }
        if (!midRequest) {
            startedAt = NONE;
        } else if (startedAt == NONE) {
            startedAt = lastRead;
        }
    }

    /**
     * Reading resumed after a pause for backpressure (called on the event loop): the pause held
     * the rest of a request back, so its deadline starts again with the next read.
     */
    void resumed() {
        startedAt = NONE;
        lastRead = System.nanoTime(); // the client read answers: the idle timeout starts again
        lastActive = lastRead;
    }

    /**
     * The connection's last answer is written and the connection closes once it is sent (called on
     * the event loop): no further deadline applies, except the bound on how long that may take.
     */
    void closing() {
        if (closeBy == NONE) {
            startedAt = NONE;
            closeBy = System.nanoTime() + idleTimeoutNanos;
        }
    }

    /**
     * The last answer is sent and the connection's output shut down; what the client still sends
     * is dropped until it closes its side (called on the event loop). Closed at the latest
     * {@link #LINGER_NANOS} from now, and never later than {@link #closing} allowed.
     */
    void lingering() {
        long by = System.nanoTime() + LINGER_NANOS;
        closeBy = closeBy == NONE || by - closeBy < 0 ? by : closeBy; // never past the bound closing() set
        startedAt = NONE;
        if (check != null) {
            check.cancel(false);
        }
        arm(closeBy - System.nanoTime());
    }

    /** Whether the connection is closing after its last answer (its own 408 included): nothing more may be read. */
    boolean isClosing() {
        return closeBy != NONE;
    }

    private void arm(long delayNanos) {
        check = ctx.executor().schedule(checker, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkDeadlines() {
        check = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (closeBy != NONE) {
            if (now - closeBy >= 0) {
                ctx.close();
            } else {
                arm(closeBy - now);
            }
            return;
        }
        if (startedAt != NONE && ctx.channel().config().isAutoRead()) {
            long left = startedAt + readTimeoutNanos - now;
            if (left <= 0 && answeredEarly) {
                ctx.close();
                return;
            }
            if (left <= 0) {
                onTimeout.run();
                ctx.channel().config().setAutoRead(false); // nothing after the 408 is read, let alone answered
                ctx.writeAndFlush(timeout.encoded(HttpResponses.Connection.CLOSE))
                        .addListener(ChannelFutureListener.CLOSE);
                closing();
                arm(idleTimeoutNanos);
                return;
            }
            arm(left);
            return;
        }
        long idleLeft = lastActive + idleTimeoutNanos - now;
        if (idleLeft <= 0 && !ctx.channel().config().isAutoRead()) {
            // Paused for backpressure: the client may be reading, only slower than the kernel's
            // send buffer (megabytes) takes to drain far enough to wake the connection. Data the
            // kernel sent since counts as activity.
            long sentMillis = Transport.sinceDataSentMillis(ctx.channel());
            if (sentMillis >= 0) {
                long sentAt = now - TimeUnit.MILLISECONDS.toNanos(sentMillis);
                if (sentAt - lastActive > 0) {
                    lastActive = sentAt;
                    idleLeft = lastActive + idleTimeoutNanos - now;
                }
            }
        }
        if (idleLeft <= 0) {
            ctx.close();
            return;
        }
        arm(Math.min(idleLeft, readTimeoutNanos)); // a request may start any moment: check again by then
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        super.channelInactive(ctx);
    }
}
