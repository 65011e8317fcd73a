package argus.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open connections at {@code MAX_CONNECTIONS}: one over the cap is answered {@code 503}
 * with a reason and closed at once, so a connection flood cannot exhaust file descriptors or
 * memory. Also knows every open connection, so that a shutdown can drain them ({@link #drain}).
 * Shared by every connection; touched on connect and close only.
 */
@ChannelHandler.Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private final int max;
    private final HttpResponses.Response refusal;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    ConnectionLimitHandler(int max, HttpResponses.Response refusal) {
        this.max = max;
        this.refusal = refusal;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        channels.add(channel);
        channel.closeFuture().addListener(f -> {
            channels.remove(channel);
            open.decrementAndGet();
        });
        if (open.incrementAndGet() > max) {
            ctx.channel().config().setAutoRead(false); // read nothing: we answer before any request
            ctx.writeAndFlush(refusal.encoded(HttpResponses.Connection.CLOSE)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.pipeline().remove(this);
        super.channelActive(ctx);
    }

    int open() {
        return open.get();
    }

    /**
     * Asks every open connection to finish the request it is in and close ({@link ApiHandler}
     * handles the event on its event loop; an idle connection closes at once), then waits until
     * all are closed or {@code deadlineNanos} (a {@link System#nanoTime} instant) passes.
     *
     * @return whether every connection closed in time
     */
    boolean drain(long deadlineNanos) throws InterruptedException {
        for (Channel channel : channels) {
            channel.pipeline().fireUserEventTriggered(DRAIN);
        }
        while (!channels.isEmpty()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** The user event of {@link #drain}: finish the request in progress, if any, and close. */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };
}
