package argus.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/** Builds each connection's pipeline, and nothing else. */
final class ArgusServerInitializer extends ChannelInitializer<SocketChannel> {

    /** The request line limit, raised so a /check query can carry a MAX_KEY_BYTES key percent-encoded. */
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_BYTES = 8192;

    private final ApiHandler.Shared shared;
    private final ServerConfig config;
    private final ConnectionLimitHandler connectionLimit;
    private final int maxLineBytes;
    private final Runnable countTimeout;

    ArgusServerInitializer(ApiHandler.Shared shared, ConnectionLimitHandler connectionLimit, ServerConfig config) {
        this.shared = shared;
        this.config = config;
        this.connectionLimit = connectionLimit;
        this.countTimeout = () -> shared.metrics.count(Metrics.Endpoint.OTHER, Metrics.Result.TIMEOUT);
        this.maxLineBytes = Math.max(MAX_INITIAL_LINE, 3 * config.maxKeyBytes() + 1024);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", connectionLimit);
        ConnectionTimeoutHandler deadline = new ConnectionTimeoutHandler(config.readTimeoutMillis(),
                config.idleTimeoutMillis(), shared.responses.requestTimeout, countTimeout);
        p.addLast("timeouts", deadline);
        // No response encoder: every answer is a pre-encoded HTTP response (HttpResponses).
        HttpRequestReader reader = new HttpRequestReader(maxLineBytes, MAX_HEADER_BYTES, shared.maxBatchBodyBytes);
        p.addLast("http", reader);
        p.addLast("api", new ApiHandler(shared, deadline, reader));
    }
}
