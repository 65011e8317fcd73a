package argus.server;

import argus.codec.LimitRequestDecoder;
import argus.engine.BstEngine;
import argus.server.admin.AdminServer;
import argus.engine.Clock;
import argus.engine.HashEngine;
import argus.engine.RateLimiter;
import argus.engine.RebuildListener;
import argus.engine.SwapPolicy;
import ch.qos.logback.classic.Level;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Argus: main, configuration, event loop groups, bootstrap, and shutdown.
 *
 * <p>{@link #start} binds and returns at once (tests use it with port 0); {@link #close} stops
 * accepting, lets the event loops answer what they have in hand, stops the rebuild thread and
 * returns within the configured shutdown budget.
 */
public final class ArgusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArgusServer.class);

    private final ServerConfig config;
    private final RateLimiter engine;
    private final HttpResponses responses;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final Transport transport;
    /** The admin (profiling) server, or null when ADMIN_PORT is 0. */
    private final AdminServer admin;
    private final ConnectionLimitHandler connections;

    private ArgusServer(ServerConfig config, RateLimiter engine, HttpResponses responses, EventLoopGroup boss,
                        EventLoopGroup workers, Channel listener, Transport transport, AdminServer admin,
                        ConnectionLimitHandler connections) {
        this.connections = connections;
        this.config = config;
        this.engine = engine;
        this.responses = responses;
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
        this.transport = transport;
        this.admin = admin;
    }

    public static ArgusServer start(ServerConfig config) throws InterruptedException {
        Transport transport = Transport.select(config.transport());
        RateLimiter engine = createEngine(config);
        LimitRequestDecoder decoder = new LimitRequestDecoder(config.maxKeyBytes());
        HttpResponses responses = new HttpResponses(decoder, config);
        ConnectionLimitHandler connections = new ConnectionLimitHandler(config.maxConnections(),
                responses.tooManyConnections);
        Metrics metrics = new Metrics(engine, connections::open, config.metrics());
        ApiHandler.Shared shared = new ApiHandler.Shared(engine, responses, metrics, config);
        EventLoopGroup boss = transport.newGroup(1);
        EventLoopGroup workers = transport.newGroup(config.ioThreads());
        try {
            Channel listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.channelClass())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // A client's half-close ends its requests, not the connection: the answers to what
                    // it sent still go out (ApiHandler closes once they are written).
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(new ArgusServerInitializer(shared, connections, config))
                    .bind(config.host(), config.port()).sync().channel();
            AdminServer admin = null;
            if (config.adminPort() > 0) {
                try {
                    admin = AdminServer.start(config.adminHost(), config.adminPort());
                } catch (Exception e) { // named here: the message below names the API's address
                    listener.close().awaitUninterruptibly();
                    throw new IllegalStateException("cannot listen on ADMIN_HOST:ADMIN_PORT " + config.adminHost() + ":"
                            + config.adminPort() + ": " + e, e);
                }
            }
            ArgusServer server = new ArgusServer(config, engine, responses, boss, workers, listener, transport, admin,
                    connections);
            LOG.info("argus listening on {} engine={} transport={} ioThreads={} maxKeys={}", server.address(),
                    config.engine().name().toLowerCase(java.util.Locale.ROOT), transport.name().toLowerCase(java.util.Locale.ROOT),
                    config.ioThreads(), config.maxKeys());
            return server;
        } catch (Exception e) { // bind() rethrows a BindException undeclared: catch it too
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            responses.close();
            engine.close();
            if (e instanceof InterruptedException || e instanceof RuntimeException) {
                throw e;
            }
            throw new IllegalStateException("cannot listen on HOST:PORT " + config.host() + ":" + config.port() + ": " + e, e);
        }
    }

    private static RateLimiter createEngine(ServerConfig config) {
        RebuildListener listener = new RebuildListener() {
            @Override
            public void rebuilt(SwapPolicy.Reason reason, long durationNanos, long keys, long evicted) {
                LOG.debug("rebuild reason={} durationMicros={} keys={} evicted={}", reason,
                        durationNanos / 1000, keys, evicted);
            }

            @Override
            public void failed(Throwable error) {
                LOG.error("rebuild failed; serving from the last published tree", error);
            }
        };
        switch (config.engine()) {
            case HASH:
                return new HashEngine(Clock.system(), config.engineConfig(), listener);
            case BST:
            default:
                return new BstEngine(Clock.system(), config.engineConfig(), listener);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public RateLimiter engine() {
        return engine;
    }

    /** The admin server, or null when it is off. */
    public AdminServer admin() {
        return admin;
    }

    public Transport transport() {
        return transport;
    }

    /** Stops accepting, drains the event loops, stops the engine; within the shutdown budget. */
    @Override
    public void close() {
        if (admin != null) {
            admin.close(); // stops the listener and cuts a running profile short
        }
        long budget = config.shutdownMillis();
        long start = System.nanoTime();
        listener.close().awaitUninterruptibly(budget);
        // Let connections in the middle of a request finish it (each is bounded by READ_TIMEOUT_MS);
        // what is still open after most of the budget is closed with the event loops.
        long drainBy = start + TimeUnit.MILLISECONDS.toNanos(budget) * 3 / 4;
        try {
            if (!connections.drain(drainBy)) {
                LOG.warn("argus stopping: {} connection(s) still open after {} ms, closing them", connections.open(),
                        budget * 3 / 4);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = Math.max(0, budget - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        long quiet = Math.min(200, left);
        boss.shutdownGracefully(0, left, TimeUnit.MILLISECONDS);
        boolean drained = workers.shutdownGracefully(quiet, left, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(left + 1000);
        if (drained) {
            responses.close(); // no event loop is left to write them
        }
        engine.close();
        LOG.info("argus stopped");
    }

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ServerConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("argus: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.toLevel(config.logLevel()));
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"INT", "TERM"}) {
            if (Signal.handle(new Signal(name), s -> stop.countDown()) == SignalHandler.SIG_IGN) {
                // Ignored when the JVM started (nohup, or a background job of a script): the JVM keeps it ignored.
                LOG.warn("SIG{} was ignored when argus started (nohup or a background job), so it cannot stop argus;"
                        + " stop it with SIG{}", name, name.equals("INT") ? "TERM" : "INT");
            }
        }
        ArgusServer server;
        try {
            server = start(config);
        } catch (Exception e) {
            LOG.error("argus failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("argus stopping: signal received");
        server.close();
        System.exit(0);
    }
}
