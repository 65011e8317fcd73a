package argus.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open connections at {@code MAX_CONNECTIONS}: one over the cap is answered {@code 503}
 * with a reason and closed at once, so a connection flood cannot exhaust file descriptors or
 * memory. Shared by every connection; touched on connect and close only.
 */
@ChannelHandler.Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private final int max;
    private final HttpResponses.Response refusal;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimitHandler(int max, HttpResponses.Response refusal) {
        this.max = max;
        this.refusal = refusal;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
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
}
