package argus.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deadline on each whole request, head and body (Go's ReadTimeout): a request whose first
 * byte arrived more than {@code READ_TIMEOUT_MS} ago and is still not complete is answered
 * {@code 408} and its connection closed. Unlike an idle timeout, a client that trickles one byte
 * at a time (slowloris) does not push the deadline back.
 *
 * <p>Cost on the request path: one clock read per request. The timer is armed lazily, as in
 * Netty's IdleStateHandler: at most one pending check per connection, re-armed from the check
 * itself while requests keep coming, not once per request.
 */
final class RequestDeadlineHandler extends ChannelInboundHandlerAdapter {

    private final long timeoutNanos;
    private final HttpResponses.Response timeout;
    /** Start of the request in progress, or {@link #NONE}. */
    private long startedAt = NONE;
    private ScheduledFuture<?> check;
    private ChannelHandlerContext ctx;

    private static final long NONE = Long.MIN_VALUE;

    RequestDeadlineHandler(long timeoutMillis, HttpResponses.Response timeout) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (startedAt == NONE) {
            startedAt = System.nanoTime();
            if (check == null) {
                arm(timeoutNanos);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The request in progress was answered (called by the API handler, on the event loop). */
    void requestDone() {
        startedAt = NONE;
    }

    private void arm(long delayNanos) {
        check = ctx.executor().schedule(this::checkDeadline, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkDeadline() {
        check = null;
        if (startedAt == NONE || !ctx.channel().isActive()) {
            return; // nothing in progress: the next request arms a new check
        }
        long left = startedAt + timeoutNanos - System.nanoTime();
        if (left > 0) {
            arm(left);
            return;
        }
        startedAt = NONE;
        ctx.writeAndFlush(timeout.encoded(HttpResponses.Connection.CLOSE)).addListener(ChannelFutureListener.CLOSE);
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
