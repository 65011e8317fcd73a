package argus.server;

import argus.codec.DecodeError;
import argus.codec.LimitRequest;
import argus.codec.LimitRequestDecoder;
import argus.engine.KeyBuffer;
import argus.engine.Outcome;
import argus.engine.RateLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes decoded HTTP/1.1 messages and answers them; one instance per connection.
 *
 * <p>Fast path: a {@code POST /api/v1/limit} whose body arrives in one piece is decoded straight
 * from the decoder's buffer (no aggregation copy) into the event loop's reusable request, the
 * engine answers, and a pre-encoded response is written without a flush; the flush happens once
 * per read burst in {@link #channelReadComplete}, so pipelined requests share it. A body split
 * over several chunks is gathered into one buffer first (the rare path).
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String LIMIT_PATH = "/api/v1/limit";
    static final String HEALTH_PATH = "/api/v1/health";

    /** Where the connection is in its current request. */
    private enum State {
        /** Waiting for a request head. */
        HEAD,
        /** Reading a limit request's body. */
        BODY,
        /** Already answered; skipping the rest of this request's body. */
        SKIP,
        /** Closing: everything further is dropped. */
        CLOSED
    }

    /** Per-server objects shared by all connections; the decoder and request are per event loop. */
    static final class Shared {
        final RateLimiter engine;
        final HttpResponses responses;
        final int maxBodyBytes;
        final FastThreadLocal<LimitRequestDecoder> decoders;
        final FastThreadLocal<LimitRequest> requests;

        Shared(RateLimiter engine, HttpResponses responses, int maxBodyBytes, int maxKeyBytes) {
            this.engine = engine;
            this.responses = responses;
            this.maxBodyBytes = maxBodyBytes;
            this.decoders = new FastThreadLocal<>() {
                @Override
                protected LimitRequestDecoder initialValue() {
                    return new LimitRequestDecoder(maxKeyBytes);
                }
            };
            this.requests = new FastThreadLocal<>() {
                @Override
                protected LimitRequest initialValue() {
                    return new LimitRequest(new KeyBuffer(64));
                }
            };
        }
    }

    private final Shared shared;
    private final RequestDeadlineHandler deadline;
    private State state = State.HEAD;
    private HttpResponses.Connection connection = HttpResponses.Connection.KEEP_ALIVE;
    /** The body gathered so far when it came in several chunks; null on the fast path. */
    private ByteBuf gathered;
    private boolean unflushed;

    ApiHandler(Shared shared, RequestDeadlineHandler deadline) {
        this.shared = shared;
        this.deadline = deadline;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest) {
                onHead(ctx, (HttpRequest) msg);
            }
            if (msg instanceof HttpContent) {
                onContent(ctx, (HttpContent) msg);
            }
        } catch (RuntimeException e) {
            LOG.error("internal error answering {} on {}", msg.getClass().getSimpleName(), ctx.channel(), e);
            answerAndClose(ctx, shared.responses.internalError);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        if (state == State.CLOSED) {
            return;
        }
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            answerAndClose(ctx, rejection(result.cause()));
            return;
        }
        connection = !HttpUtil.isKeepAlive(request) ? HttpResponses.Connection.CLOSE
                : request.protocolVersion() == HttpVersion.HTTP_1_0 ? HttpResponses.Connection.KEEP_ALIVE_10
                : HttpResponses.Connection.KEEP_ALIVE;
        String uri = request.uri();
        HttpMethod method = request.method();
        if (isPath(uri, LIMIT_PATH)) {
            if (method != HttpMethod.POST) {
                answer(ctx, shared.responses.limitMethod, State.SKIP);
            } else if (HttpUtil.getContentLength(request, 0L) > shared.maxBodyBytes) {
                answerAndClose(ctx, shared.responses.bodyTooLarge); // the body is not read: the connection can't go on
            } else {
                if (HttpUtil.is100ContinueExpected(request)) {
                    ctx.write(HttpResponses.CONTINUE.duplicate(), ctx.voidPromise());
                    unflushed = true;
                }
                state = State.BODY;
            }
        } else if (isPath(uri, HEALTH_PATH)) {
            answer(ctx, method == HttpMethod.GET ? shared.responses.health : shared.responses.healthMethod, State.SKIP);
        } else {
            answer(ctx, shared.responses.notFound, State.SKIP);
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (state == State.SKIP) {
            if (last) {
                state = State.HEAD;
                deadline.requestDone();
            }
            return;
        }
        if (state != State.BODY) {
            return;
        }
        ByteBuf part = content.content();
        if (last && gathered == null) {
            answerLimit(ctx, part); // the fast path: the whole body in one buffer, decoded in place
            return;
        }
        if (gathered == null) {
            gathered = ctx.alloc().buffer(Math.min(shared.maxBodyBytes, 2 * part.readableBytes() + 64));
        }
        if (gathered.readableBytes() + part.readableBytes() > shared.maxBodyBytes) {
            releaseGathered();
            answerAndClose(ctx, shared.responses.bodyTooLarge);
            return;
        }
        gathered.writeBytes(part);
        if (last) {
            try {
                answerLimit(ctx, gathered);
            } finally {
                releaseGathered();
            }
        }
    }

    private void answerLimit(ChannelHandlerContext ctx, ByteBuf body) {
        LimitRequest request = shared.requests.get();
        DecodeError error = shared.decoders.get().decode(body, request);
        HttpResponses.Response response;
        if (error != null) {
            response = shared.responses.decodeError(error);
        } else {
            Outcome outcome = shared.engine.acquire(request.key(), request.capacity(), request.intervalNanos());
            response = outcome == Outcome.OK ? shared.responses.ok
                    : outcome == Outcome.LIMITED ? shared.responses.limited
                    : shared.responses.full;
        }
        deadline.requestDone();
        answer(ctx, response, State.HEAD);
    }

    private void answer(ChannelHandlerContext ctx, HttpResponses.Response response, State next) {
        if (connection == HttpResponses.Connection.CLOSE) {
            answerAndClose(ctx, response);
            return;
        }
        ctx.write(response.encoded(connection), ctx.voidPromise());
        unflushed = true;
        state = next;
    }

    private void answerAndClose(ChannelHandlerContext ctx, HttpResponses.Response response) {
        state = State.CLOSED;
        unflushed = false;
        ctx.writeAndFlush(response.encoded(HttpResponses.Connection.CLOSE)).addListener(ChannelFutureListener.CLOSE);
    }

    private HttpResponses.Response rejection(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return shared.responses.uriTooLong;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return shared.responses.headersTooLarge;
        }
        if (cause instanceof TooLongFrameException) {
            return shared.responses.bodyTooLarge;
        }
        return shared.responses.badHttp;
    }

    /** True if {@code uri} is {@code path}, with or without a query string. */
    static boolean isPath(String uri, String path) {
        return uri.startsWith(path) && (uri.length() == path.length() || uri.charAt(path.length()) == '?');
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseGathered();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        releaseGathered();
        if (cause instanceof IOException) {
            LOG.debug("connection {} failed: {}", ctx.channel(), cause.toString());
            ctx.close();
            return;
        }
        LOG.error("internal error on {}", ctx.channel(), cause);
        if (state != State.CLOSED && ctx.channel().isActive()) {
            answerAndClose(ctx, shared.responses.internalError);
        } else {
            ctx.close();
        }
    }

    private void releaseGathered() {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }
}
