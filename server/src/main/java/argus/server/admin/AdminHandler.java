package argus.server.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import io.netty.util.AttributeKey;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Routes the admin endpoints: {@code GET /debug/health} and {@code GET /debug/profile?seconds=N&event=E}.
 * Not a hot path: responses are built per request. A profile is answered from the profiler thread when
 * it ends; Netty hands that write to the channel's event loop. Answers on one connection leave in the
 * order of its requests: each waits for the one before it ({@link #ANSWERED}), so a request pipelined
 * behind a profile is answered after the profile, as HTTP/1.1 requires.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final AsciiString PROFILE_EVENT = AsciiString.cached("x-profile-event");
    /** The connection's last answer, done once it is written; the next one is written after it. */
    private static final AttributeKey<CompletableFuture<Void>> ANSWERED = AttributeKey.valueOf("argus.admin.answered");

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminHandler.class);

    private final InProcessProfiler profiler;

    AdminHandler(InProcessProfiler profiler) {
        this.profiler = profiler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        switch (uri.path()) {
            case "/debug/health":
                if (isGet(ctx, request)) {
                    respond(ctx, HttpResponseStatus.OK, "OK");
                }
                break;
            case "/debug/profile":
                if (isGet(ctx, request)) {
                    profile(ctx, uri);
                }
                break;
            default:
                respond(ctx, HttpResponseStatus.NOT_FOUND, "not found");
        }
    }

    private static boolean isGet(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (HttpMethod.GET.equals(request.method())) {
            return true;
        }
        FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "method not allowed");
        response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        answer(ctx, CompletableFuture.completedFuture(response));
        return false;
    }

    /**
     * Writes {@code response} once it is ready and every answer before it on this connection has
     * been written. Called on the event loop, in request order.
     */
    private static void answer(ChannelHandlerContext ctx, CompletableFuture<FullHttpResponse> response) {
        CompletableFuture<Void> before = ctx.channel().attr(ANSWERED).get();
        CompletableFuture<Void> written = new CompletableFuture<>();
        ctx.channel().attr(ANSWERED).set(written);
        CompletableFuture<Void> ready = before == null ? CompletableFuture.completedFuture(null) : before;
        ready.thenCombine(response, (ignored, r) -> r).whenComplete((r, error) -> {
            if (r != null) {
                ctx.writeAndFlush(r).addListener(f -> written.complete(null));
            } else {
                written.complete(null);
                ctx.close(); // an answer that could not be made: the ones after it cannot be sent in order
            }
        });
    }

    private void profile(ChannelHandlerContext ctx, QueryStringDecoder uri) {
        ProfileRequest request;
        try {
            request = ProfileRequest.fromQuery(uri.parameters());
        } catch (IllegalArgumentException e) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        answer(ctx, profiler.profile(request).handle((graph, error) -> {
            if (graph != null) {
                FullHttpResponse response = response(HttpResponseStatus.OK, HTML, graph.html());
                response.headers().set(PROFILE_EVENT, graph.event().agentName());
                return response;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof ProfilerBusyException) {
                return response(HttpResponseStatus.CONFLICT, TEXT, cause.getMessage());
            }
            if (cause instanceof InterruptedException || cause instanceof CancellationException) {
                return response(HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "admin server closing");
            }
            return response(HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT, "profile failed: " + oneLine(cause));
        }));
    }

    /** A read timeout or a reset closes the admin connection quietly; anything else is logged once, then closes it. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException || cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
            LOG.debug("admin connection {} ended: {}", ctx.channel(), cause.toString());
        } else {
            LOG.error("internal error on admin connection {}", ctx.channel(), cause);
        }
        ctx.close();
    }

    private static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return message.replaceAll("\\s+", " ");
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        answer(ctx, CompletableFuture.completedFuture(response(status, TEXT, body)));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }
}
