package argus.server;

import argus.codec.AsciiBuffer;
import argus.codec.DecodeError;
import argus.codec.LimitQueryDecoder;
import argus.codec.LimitRequest;
import argus.codec.LimitRequestDecoder;
import argus.codec.VerdictJson;
import argus.engine.KeyBuffer;
import argus.engine.Outcome;
import argus.engine.RateLimiter;
import argus.engine.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the requests {@link HttpRequestReader} frames and answers them; one instance per
 * connection.
 *
 * <p>Fast path: a {@code POST /api/v1/limit} whose body arrived in one piece is decoded straight
 * from the read buffer (the reader passes a slice of it, no copy) into the event loop's reusable
 * request, the engine answers into the event loop's reusable verdict, and the answer is encoded
 * into one pooled buffer and written without a flush; the flush happens once per read burst in
 * {@link #channelReadComplete}, so pipelined requests share it.
 */
final class ApiHandler extends ChannelInboundHandlerAdapter implements LimitRequestDecoder.BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final byte[] JSON_HEAD = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final ByteBuf HEAD_END = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[] {'\r', '\n', '\r', '\n'}));
    /** Room for a few answers; pipelined bursts grow it. */
    private static final int OUT_INITIAL_BYTES = 1024;
    /**
     * Answers pending past this many bytes are written (and flushed) before the read burst ends, so
     * the channel's writability, and with it {@link #pauseIfUnwritable}, sees them: a burst of up to
     * 16 reads of 64 KB of small pipelined requests would otherwise pile up megabytes of answers.
     */
    private static final int OUT_WRITE_BYTES = 64 * 1024;
    private static final byte[] FULL_ITEM = VerdictJson.error(
            "key: not admitted, the key table is full (MAX_KEYS); retry later");

    /** Where the connection is in its current request. */
    private enum State {
        /** Waiting for a request head. */
        HEAD,
        /** Reading a body to answer when it is complete. */
        BODY,
        /** Already answered; skipping the rest of this request's body. */
        SKIP,
        /** Closing: everything further is dropped. */
        CLOSED
    }

    /** Per-server objects shared by all connections; decoders, request and verdict are per event loop. */
    static final class Shared {
        final RateLimiter engine;
        final HttpResponses responses;
        final Metrics metrics;
        final int maxBodyBytes;
        final int maxBatchBodyBytes;
        final int maxBatchItems;
        final FastThreadLocal<LimitRequestDecoder> decoders;
        final FastThreadLocal<LimitQueryDecoder> queryDecoders;
        final FastThreadLocal<LimitRequest> requests;
        final FastThreadLocal<Verdict> verdicts;
        final FastThreadLocal<AsciiBuffer> scratches;
        final byte[][] itemErrors;

        Shared(RateLimiter engine, HttpResponses responses, Metrics metrics, ServerConfig config) {
            this.engine = engine;
            this.responses = responses;
            this.metrics = metrics;
            this.maxBodyBytes = config.maxBodyBytes();
            this.maxBatchBodyBytes = config.maxBatchBodyBytes();
            this.maxBatchItems = config.maxBatchItems();
            int maxKeyBytes = config.maxKeyBytes();
            this.decoders = new FastThreadLocal<>() {
                @Override
                protected LimitRequestDecoder initialValue() {
                    return new LimitRequestDecoder(maxKeyBytes);
                }
            };
            this.queryDecoders = new FastThreadLocal<>() {
                @Override
                protected LimitQueryDecoder initialValue() {
                    return new LimitQueryDecoder(maxKeyBytes);
                }
            };
            this.requests = new FastThreadLocal<>() {
                @Override
                protected LimitRequest initialValue() {
                    return new LimitRequest(new KeyBuffer(64));
                }
            };
            this.verdicts = new FastThreadLocal<>() {
                @Override
                protected Verdict initialValue() {
                    return new Verdict();
                }
            };
            this.scratches = new FastThreadLocal<>() {
                @Override
                protected AsciiBuffer initialValue() {
                    return new AsciiBuffer(512);
                }
            };
            LimitRequestDecoder names = new LimitRequestDecoder(maxKeyBytes);
            this.itemErrors = new byte[DecodeError.values().length][];
            for (DecodeError error : DecodeError.values()) {
                String reason = names.reason(error);
                // In a batch the whole-body reasons are about one item: "item: not a JSON object".
                itemErrors[error.ordinal()] = VerdictJson.error(
                        reason.startsWith("body: ") ? "item: " + reason.substring("body: ".length()) : reason);
            }
        }
    }

    private final Shared shared;
    private final ConnectionTimeoutHandler deadline;
    private final HttpRequestReader reader;
    private State state = State.HEAD;
    private HttpResponses.Connection connection = HttpResponses.Connection.KEEP_ALIVE;
    private Route route;
    private boolean json;
    /** The request in progress is a HEAD: its answer goes without its body. */
    private boolean headOnly;
    /** The server is shutting down: the request in progress is the last, answered with connection: close. */
    private boolean draining;
    /** The batch answer being built by {@link #item}. */
    private ByteBuf batch;
    /**
     * The answers of this read burst not yet written, in one pooled buffer: pipelined requests
     * share one buffer, one write and one flush. Written in {@link #channelReadComplete}.
     */
    private ByteBuf out;
    /** Something was written and not flushed. */
    private boolean unflushed;
    /**
     * The connection's last answer is followed by a lingering close ({@link #lingerOnceSent}): the
     * client may still be sending, a body of the request in progress or input after a failure.
     */
    private boolean linger;
    /** The reader passed something on in this read burst: it held more than empty lines. */
    private boolean delivered;
    /** {@link #releaseReader}, made on the first resume after a pause (rare: no garbage per request). */
    private Runnable release;

    ApiHandler(Shared shared, ConnectionTimeoutHandler deadline, HttpRequestReader reader) {
        this.shared = shared;
        this.deadline = deadline;
        this.reader = reader;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        delivered = true;
        ByteBuf outAtStart = out;
        int answersEnd = out == null ? 0 : out.writerIndex();
        try {
            if (msg instanceof ByteBuf) {
                onBody(ctx, (ByteBuf) msg);
            } else if (msg instanceof RequestHead) {
                onHead(ctx, (RequestHead) msg);
            } else if (msg instanceof HttpFailure) {
                onFailure(ctx, (HttpFailure) msg);
            }
        } catch (RuntimeException e) {
            LOG.error("internal error answering {} on {}", msg.getClass().getSimpleName(), ctx.channel(), e);
            count(Metrics.Result.ERROR);
            if (out != null && out == outAtStart) {
                out.writerIndex(answersEnd); // drop a half-written answer
            } else if (out != null) {
                out.clear(); // started in this call: all of it is the half-written answer
            }
            answerAndClose(ctx, shared.responses.internalError);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (out != null && out.writerIndex() >= OUT_WRITE_BYTES || unflushed && !ctx.channel().isWritable()) {
            flushPending(ctx); // the second: answers of their own buffer (metrics, batches) past the high-water mark
        }
    }

    private void onHead(ChannelHandlerContext ctx, RequestHead request) {
        if (state == State.CLOSED) {
            return;
        }
        connection = !request.persistent() || draining ? HttpResponses.Connection.CLOSE
                : request.http10 ? HttpResponses.Connection.KEEP_ALIVE_10
                : HttpResponses.Connection.KEEP_ALIVE;
        route = Route.of(request.target, request.targetLength);
        headOnly = request.method.equals(HttpMethod.HEAD);
        linger = request.contentLength > 0 || request.chunked; // until the body is read (onBody)
        int options = request.hasQuery() ? QueryParams.scan(request.target, request.targetLength) : 0;
        DecodeError badOption = QueryParams.error(options);
        if (badOption != null || !(route != null && route.takesBody() && route.takes(request.method))) {
            // Answered from the head; a body this request does not use is skipped up to
            // MAX_BODY_BYTES, not held up to the batch limit (a chunked one is cut off there). A
            // bigger one, or one the client sends only once told to continue (or after a delay of
            // its own, which reading on could take for the next request), ends the connection.
            reader.limitBody(shared.maxBodyBytes);
            boolean bodyDeclared = request.contentLength > 0 || request.chunked;
            if (request.continueExpected() && bodyDeclared || request.contentLength > shared.maxBodyBytes) {
                connection = HttpResponses.Connection.CLOSE;
            }
        }
        if (route == null) {
            count(Metrics.Result.NOT_FOUND);
            answer(ctx, shared.responses.notFound, State.SKIP);
            return;
        }
        if (!route.takes(request.method)) {
            count(Metrics.Result.METHOD_NOT_ALLOWED);
            answer(ctx, shared.responses.wrongMethod(route), State.SKIP);
            return;
        }
        if (badOption != null) {
            rejectDecode(ctx, badOption, State.SKIP);
            return;
        }
        json = QueryParams.json(options, request.acceptJson);
        switch (route) {
            case LIMIT:
            case LIMITS:
                expectBody(ctx, request);
                break;
            case CHECK:
                answerCheck(ctx, request, QueryParams.forbid(options));
                break;
            case METRICS:
                count(Metrics.Result.OK);
                ByteBuf metrics = metricsAnswer(ctx);
                if (headOnly) {
                    cutToHead(metrics, 0);
                }
                writeAnswer(ctx, metrics, State.SKIP);
                break;
            default:
                count(Metrics.Result.OK);
                answer(ctx, shared.responses.health, State.SKIP);
        }
    }

    private void expectBody(ChannelHandlerContext ctx, RequestHead request) {
        if (request.contentLength > bodyLimit()) {
            count(Metrics.Result.TOO_LARGE);
            answerAndClose(ctx, tooLarge()); // the body is not read: the connection can't go on
            return;
        }
        if (request.continueExpected()) {
            ByteBuf proceed = HttpResponses.CONTINUE;
            out(ctx).writeBytes(proceed, proceed.readerIndex(), proceed.readableBytes());
        }
        reader.limitBody(bodyLimit());
        state = State.BODY;
    }

    private int bodyLimit() {
        return route == Route.LIMITS ? shared.maxBatchBodyBytes : shared.maxBodyBytes;
    }

    private HttpResponses.Response tooLarge() {
        return route == Route.LIMITS ? shared.responses.batchBodyTooLarge : shared.responses.bodyTooLarge;
    }

    /** The whole body of the request whose head came last (empty when it had none). */
    private void onBody(ChannelHandlerContext ctx, ByteBuf body) {
        linger = false;
        if (state == State.SKIP) {
            state = State.HEAD;
            deadline.requestDone();
            if (draining) {
                flushAndClose(ctx); // the answer went out before this body ended; it was the last
            }
            return;
        }
        if (state != State.BODY) {
            return;
        }
        if (body.readableBytes() > bodyLimit()) {
            count(Metrics.Result.TOO_LARGE);
            answerAndClose(ctx, tooLarge());
            return;
        }
        answerBody(ctx, body);
    }

    /** Input the reader could not frame: answered, and the connection closed. */
    private void onFailure(ChannelHandlerContext ctx, HttpFailure failure) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.SKIP) {
            flushAndClose(ctx); // this request was answered already; what follows it cannot be read
            return;
        }
        if (failure == HttpFailure.BODY_TOO_LARGE && state == State.BODY) {
            count(Metrics.Result.TOO_LARGE);
            answerAndClose(ctx, tooLarge());
            return;
        }
        linger = true; // what follows input that cannot be framed may still be on its way
        route = null;
        headOnly = false; // the head may not have been read: the connection closes after this answer anyway
        count(failure == HttpFailure.BODY_TOO_LARGE ? Metrics.Result.TOO_LARGE : Metrics.Result.BAD_REQUEST);
        answerAndClose(ctx, shared.responses.failure(failure));
    }

    private void answerBody(ChannelHandlerContext ctx, ByteBuf body) {
        deadline.requestDone();
        if (route == Route.LIMITS) {
            answerBatch(ctx, body);
            return;
        }
        LimitRequest request = shared.requests.get();
        DecodeError error = shared.decoders.get().decode(body, request);
        if (error != null) {
            rejectDecode(ctx, error, State.HEAD);
            return;
        }
        answerLimit(ctx, request, 200, State.HEAD);
    }

    private void answerCheck(ChannelHandlerContext ctx, RequestHead head, boolean forbid) {
        LimitRequest request = shared.requests.get();
        DecodeError error = shared.queryDecoders.get().decode(head.target, head.targetLength, request);
        if (error != null) {
            rejectDecode(ctx, error, State.SKIP);
            return;
        }
        answerLimit(ctx, request, forbid ? 403 : 429, State.SKIP);
    }

    private void answerLimit(ChannelHandlerContext ctx, LimitRequest request, int refusal, State next) {
        Verdict verdict = shared.verdicts.get();
        Outcome outcome = acquire(request, verdict);
        if (outcome == Outcome.FULL) {
            count(Metrics.Result.FULL);
            answer(ctx, shared.responses.full, next);
            return;
        }
        count(outcome == Outcome.OK ? Metrics.Result.OK : Metrics.Result.LIMITED);
        LimitAnswers.encode(out(ctx), shared.scratches.get(), verdict, request.intervalNanos(), json, refusal,
                connection);
        answered(ctx, next);
    }

    /** Asks the engine about one decoded request; the details go into {@code verdict}. */
    private Outcome acquire(LimitRequest request, Verdict verdict) {
        return shared.engine.acquire(request.key(), request.algorithm(), request.capacity(), request.intervalNanos(),
                request.hits(), verdict);
    }

    private void answerBatch(ChannelHandlerContext ctx, ByteBuf body) {
        batch = ctx.alloc().directBuffer(256);
        batch.writeByte('[');
        try {
            DecodeError error = shared.decoders.get().decodeBatch(body, shared.maxBatchItems,
                    shared.requests.get(), this);
            if (error != null) {
                rejectDecode(ctx, error, State.HEAD);
                return;
            }
            batch.writeByte(']');
            count(Metrics.Result.OK);
            shared.scratches.get().reset().put(JSON_HEAD).putLong(batch.readableBytes()).put(CRLF)
                    .put(connection.headerBytes).put(CRLF).writeTo(out(ctx));
            ByteBuf answer = batch;
            batch = null;
            writeAnswer(ctx, answer, State.HEAD);
        } finally {
            if (batch != null) {
                batch.release();
                batch = null;
            }
        }
    }

    /** One item of the batch in progress: answered in place, in order. */
    @Override
    public void item(DecodeError error, LimitRequest request) {
        if (batch.readableBytes() > 1) {
            batch.writeByte(',');
        }
        if (error != null) {
            shared.metrics.decodeError(error);
            batch.writeBytes(shared.itemErrors[error.ordinal()]);
            return;
        }
        Verdict verdict = shared.verdicts.get();
        Outcome outcome = acquire(request, verdict);
        if (outcome == Outcome.FULL) {
            batch.writeBytes(FULL_ITEM);
        } else {
            AsciiBuffer item = shared.scratches.get().reset();
            VerdictJson.write(item, verdict);
            item.writeTo(batch);
        }
    }

    private void rejectDecode(ChannelHandlerContext ctx, DecodeError error, State next) {
        shared.metrics.decodeError(error);
        count(Metrics.Result.BAD_REQUEST);
        answer(ctx, shared.responses.decodeError(error), next);
    }

    private ByteBuf metricsAnswer(ChannelHandlerContext ctx) {
        byte[] body = shared.metrics.scrape();
        ByteBuf out = ctx.alloc().directBuffer(body.length + 160);
        out.writeCharSequence("HTTP/1.1 200 OK\r\ncontent-type: " + shared.metrics.contentType()
                + "\r\ncontent-length: " + body.length + "\r\n", StandardCharsets.US_ASCII);
        out.writeBytes(connection.headerBytes).writeByte('\r').writeByte('\n').writeBytes(body);
        return out;
    }

    private void count(Metrics.Result result) {
        shared.metrics.count(route == null ? Metrics.Endpoint.OTHER : route.endpoint, result);
    }

    private ByteBuf out(ChannelHandlerContext ctx) {
        if (out == null) {
            out = ctx.alloc().directBuffer(OUT_INITIAL_BYTES);
        }
        return out;
    }

    private void answer(ChannelHandlerContext ctx, HttpResponses.Response response, State next) {
        if (connection == HttpResponses.Connection.CLOSE) {
            answerAndClose(ctx, response);
            return;
        }
        appendAnswer(ctx, response, connection);
        state = next;
    }

    /** Appends a pre-encoded answer to {@link #out}: all of it, or its head only for a HEAD request. */
    private void appendAnswer(ChannelHandlerContext ctx, HttpResponses.Response response,
                              HttpResponses.Connection connection) {
        ByteBuf buf = out(ctx);
        int from = buf.writerIndex();
        response.appendTo(buf, connection);
        if (headOnly) {
            cutToHead(buf, from);
        }
    }

    /** Drops the body of the answer that starts at {@code from} (RFC 9110 9.3.2: a HEAD answer has none). */
    private static void cutToHead(ByteBuf buf, int from) {
        int blank = ByteBufUtil.indexOf(HEAD_END, buf.slice(from, buf.writerIndex() - from));
        buf.writerIndex(from + blank + HEAD_END.readableBytes());
    }

    /** The answer to this request is in {@link #out}: close after it if asked to, else go on with {@code next}. */
    private void answered(ChannelHandlerContext ctx, State next) {
        if (connection == HttpResponses.Connection.CLOSE) {
            flushAndClose(ctx);
            return;
        }
        state = next;
    }

    /**
     * No more requests on this connection: input is ignored, and the deadline handler closes the
     * connection even if a client that does not read keeps its last answer from being sent.
     */
    private void ignoreFurtherInput() {
        if (state != State.CLOSED && reader.midRequest()) {
            linger = true; // the rest of a request, or requests after this one, may still be on their way
        }
        state = State.CLOSED;
        reader.stop();
        deadline.closing();
    }

    /**
     * Writes the last answer and closes once it is sent. If it cannot be sent at once, the client
     * is not reading: the connection stops reading too, rather than keep an event loop busy
     * discarding what such a client sends until the deadline closes it. (Not done up front: it is
     * a system call, and the usual last answer goes out at once and closes the connection.)
     * When the client may still be sending ({@link #linger}), the close is a lingering one.
     */
    private void writeLastAndClose(ChannelHandlerContext ctx, ByteBuf last) {
        ChannelFuture sent = ctx.writeAndFlush(last)
                .addListener(linger ? (ChannelFutureListener) this::lingerOnceSent : ChannelFutureListener.CLOSE);
        if (!sent.isDone()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /**
     * A lingering close, as Go's net/http and nginx do: closing a socket with input unread sends a
     * reset, and a reset makes the client's TCP drop the answer it has not read yet (a client that
     * sends a whole oversized body before reading would see "connection reset" instead of its
     * 413). So the last answer is followed by a FIN only; what the client still sends is read and
     * dropped (the reader is stopped) until it closes its side, which closes the channel, or
     * {@link ConnectionTimeoutHandler#lingering} closes it.
     */
    private void lingerOnceSent(ChannelFuture sent) {
        Channel channel = sent.channel();
        if (!sent.isSuccess() || !channel.isActive() || !(channel instanceof DuplexChannel)) {
            channel.close();
            return;
        }
        if (((DuplexChannel) channel).isInputShutdown()) {
            channel.close(); // the client has stopped sending already: nothing to wait for
            return;
        }
        deadline.lingering();
        channel.config().setAutoRead(true);
        ((DuplexChannel) channel).shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** Writes an answer of its own buffer, encoded for this request's {@link #connection}, after those before it. */
    private void writeAnswer(ChannelHandlerContext ctx, ByteBuf encoded, State next) {
        writePending(ctx);
        if (connection == HttpResponses.Connection.CLOSE) {
            ignoreFurtherInput();
            unflushed = false;
            writeLastAndClose(ctx, encoded);
            return;
        }
        ctx.write(encoded, ctx.voidPromise());
        unflushed = true;
        state = next;
    }

    private void answerAndClose(ChannelHandlerContext ctx, HttpResponses.Response response) {
        appendAnswer(ctx, response, HttpResponses.Connection.CLOSE);
        flushAndClose(ctx);
    }

    /** Sends what is pending and closes the connection once it is sent. */
    private void flushAndClose(ChannelHandlerContext ctx) {
        ignoreFurtherInput();
        writePendingLast(ctx);
    }

    /** Writes the answers pending as the connection's last and closes once they are sent. */
    private void writePendingLast(ChannelHandlerContext ctx) {
        ByteBuf last = out == null ? Unpooled.EMPTY_BUFFER : out;
        out = null;
        unflushed = false;
        writeLastAndClose(ctx, last);
    }

    private void writePending(ChannelHandlerContext ctx) {
        if (out != null) {
            ctx.write(out, ctx.voidPromise());
            out = null;
            unflushed = true;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushPending(ctx);
        boolean midRequest = state != State.CLOSED && reader.midRequest();
        deadline.readDone(midRequest, state == State.SKIP, delivered || midRequest);
        delivered = false;
    }

    private void flushPending(ChannelHandlerContext ctx) {
        writePending(ctx);
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        pauseIfUnwritable(ctx);
    }

    /**
     * Backpressure: a client that sends requests without reading the answers fills the connection's
     * outbound buffer past its high-water mark; then the connection stops reading (the epoll read
     * loop ends after the current read) until the buffer drains below the low-water mark
     * ({@link #channelWritabilityChanged}). So the answers held per connection stay bounded, and the
     * client's own writes stall in TCP flow control instead of in the server's memory. The idle
     * timeout still closes a connection whose client stops reading for good.
     */
    private void pauseIfUnwritable(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (!channel.isWritable() && state != State.CLOSED) { // closing: a shut-down output is unwritable for good
            reader.hold(); // the requests already read wait too, undecoded
            if (channel.config().isAutoRead()) {
                channel.config().setAutoRead(false);
                shared.metrics.readPaused();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (channel.isWritable() && !channel.config().isAutoRead() && !deadline.isClosing()) {
            deadline.resumed(); // the client read: that counts as activity too
            channel.config().setAutoRead(true);
            if (reader.isHeld()) {
                // Not from here: this event can fire inside a flush of this handler's own.
                if (release == null) {
                    release = () -> releaseReader(ctx);
                }
                ctx.executor().execute(release);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Decodes the requests {@link #pauseIfUnwritable} held back, unless the answers backed up again since. */
    private void releaseReader(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (channel.isActive() && channel.isWritable() && reader.isHeld() && !deadline.isClosing()) {
            reader.release(ctx.pipeline().context(reader));
        }
    }

    /**
     * {@link ConnectionLimitHandler#DRAIN}: the server is shutting down. An idle connection closes
     * now; one in the middle of a request answers it with {@code connection: close} and closes
     * (its head still to come: {@link #onHead} sees {@link #draining}; its body still to come: the
     * answer is encoded with the connection as set here; its answer given and a body to skip:
     * {@link #onBody} closes once it is skipped). The read deadline still bounds how long it takes.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            inputEnded(ctx);
            return;
        }
        if (event != ConnectionLimitHandler.DRAIN) {
            super.userEventTriggered(ctx, event);
            return;
        }
        draining = true;
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.HEAD && !reader.midRequest()) {
            flushAndClose(ctx);
        } else if (state == State.BODY) {
            connection = HttpResponses.Connection.CLOSE;
        }
    }

    /**
     * The client half-closed (the reader has passed on every request it sent): the answers go out,
     * then the connection closes. A part of a request left unfinished gets no answer. A connection
     * already closing closes as planned; one lingering (its output shut down) closes now, since
     * the client has stopped sending.
     */
    private void inputEnded(ChannelHandlerContext ctx) {
        if (state != State.CLOSED) {
            ignoreFurtherInput();
            linger = false; // nothing more can come
            writePendingLast(ctx);
        } else if (ctx.channel() instanceof DuplexChannel && ((DuplexChannel) ctx.channel()).isOutputShutdown()) {
            ctx.close();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("connection {} failed: {}", ctx.channel(), cause.toString());
            ctx.close();
            return;
        }
        LOG.error("internal error on {}", ctx.channel(), cause);
        count(Metrics.Result.ERROR);
        headOnly = false; // the connection closes after the 500: its body does no harm
        if (cause instanceof OutOfMemoryError) {
            ctx.close(); // answering would allocate, fail again and be logged again
        } else if (state != State.CLOSED && ctx.channel().isActive()) {
            answerAndClose(ctx, shared.responses.internalError);
        } else {
            ctx.close();
        }
    }
}
