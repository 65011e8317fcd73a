package argus.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server: {@code GET /debug/health} and {@code GET /debug/profile} (a flame graph of
 * this JVM from the in-process async-profiler), see {@link AdminHandler}.
 *
 * <p>Kept apart from the API: its own single-threaded NIO event loop ({@value #THREAD_NAME}), so a
 * profile request never shares a loop with rate-limit traffic, and its own port, which the caller
 * should bind to loopback: profiles show code and timing to whoever can reach the port.
 */
public final class AdminServer implements AutoCloseable {

    static final String THREAD_NAME = "argus-admin";

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Requests are GETs; a body is never needed, so any sizeable one is refused (413). */
    private static final int MAX_REQUEST_BODY = 8192;

    private final EventLoopGroup group;
    private final Channel listener;
    private final InProcessProfiler profiler;

    private AdminServer(EventLoopGroup group, Channel listener, InProcessProfiler profiler) {
        this.group = group;
        this.listener = listener;
        this.profiler = profiler;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and returns once it listens. */
    public static AdminServer start(String host, int port) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(THREAD_NAME, true),
                NioIoHandler.newFactory());
        InProcessProfiler profiler = new InProcessProfiler();
        AdminHandler handler = new AdminHandler(profiler);
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // An idle bound longer than the longest profile (during one nothing is read).
                            ch.pipeline().addLast(new ReadTimeoutHandler(ProfileRequest.MAX_SECONDS + 60),
                                    new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                    new HttpObjectAggregator(MAX_REQUEST_BODY), handler);
                        }
                    })
                    .bind(host, port).sync().channel();
            AdminServer server = new AdminServer(group, listener, profiler);
            LOG.info("argus admin listening on {}", server.address());
            return server;
        } catch (Exception e) { // bind() rethrows a BindException undeclared: clean up for it too
            profiler.close();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** Stops listening, cuts a running profile short (its client gets 503), and stops the event loop. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        profiler.close();
        group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3000);
    }
}
