package argus.loadtest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * The "hello world" yardstick for the wire benchmark (DESIGN.md §4): the cheapest HTTP/1.1 server
 * Netty allows with the same transport, allocator, socket options and request decoder as Argus,
 * answering every request with a pre-encoded {@code 200 OK}. Argus's req/s divided by this
 * server's, measured in the same run, is the share of the wire cost that Argus's own work takes.
 *
 * <p>Configuration: {@code PORT} (first argument or env, default 8124), {@code HOST} (default
 * 127.0.0.1), {@code IO_THREADS} (second argument or env, default: available processors),
 * {@code TRANSPORT} ({@code auto|epoll|nio}). It logs one line at start and nothing per request;
 * SIGTERM or SIGINT stops it with exit status 0.
 */
public final class CalibrationServer {

    private CalibrationServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(setting(args, 0, "PORT", "8124"));
        int ioThreads = Integer.parseInt(setting(args, 1, "IO_THREADS",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        String host = setting(args, -1, "HOST", "127.0.0.1");
        String transport = setting(args, -1, "TRANSPORT", "auto");
        boolean epoll = !"nio".equals(transport) && Epoll.isAvailable();
        if ("epoll".equals(transport) && !epoll) {
            throw new IllegalStateException("TRANSPORT=epoll but native epoll is unavailable", Epoll.unavailabilityCause());
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerSocketChannel> channelClass =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;

        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioThreads, io);
        try {
            // Same bootstrap options as ArgusServer, so that only the per-request work differs.
            Channel listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpRequestDecoder(), new OkHandler());
                        }
                    })
                    .bind(host, port).sync().channel();
            System.out.println("calibration server listening on " + listener.localAddress()
                    + " transport=" + (epoll ? "epoll" : "nio") + " ioThreads=" + ioThreads);
            stop.await();
            listener.close().sync();
        } finally {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The positional argument {@code index} if given, else the environment variable, else the default. */
    private static String setting(String[] args, int index, String env, String fallback) {
        if (index >= 0 && index < args.length) {
            return args[index];
        }
        String value = System.getenv(env);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /**
     * Answers each request once its last content arrives, with the same bytes Argus sends for
     * {@code OK}; flushes once per read burst so that pipelined requests share a flush, as in Argus.
     */
    static final class OkHandler extends ChannelInboundHandlerAdapter {

        private static final ByteBuf OK = encoded("");
        private static final ByteBuf OK_CLOSE = encoded("connection: close\r\n");

        private static ByteBuf encoded(String connectionHeader) {
            byte[] bytes = ("HTTP/1.1 200 OK\r\n"
                    + "content-type: text/plain; charset=utf-8\r\n"
                    + "content-length: 2\r\n"
                    + connectionHeader + "\r\n"
                    + "OK").getBytes(StandardCharsets.US_ASCII);
            return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
        }

        private boolean keepAlive = true;
        private boolean unflushed;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest) {
                    keepAlive = HttpUtil.isKeepAlive((HttpRequest) msg);
                }
                if (msg instanceof LastHttpContent) {
                    if (keepAlive) {
                        ctx.write(OK.duplicate(), ctx.voidPromise());
                        unflushed = true;
                    } else {
                        unflushed = false;
                        ctx.writeAndFlush(OK_CLOSE.duplicate()).addListener(ChannelFutureListener.CLOSE);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (unflushed) {
                unflushed = false;
                ctx.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the load generator is routine here; nothing to report
        }
    }
}
