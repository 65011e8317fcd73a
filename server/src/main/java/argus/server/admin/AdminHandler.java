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
import java.util.concurrent.CancellationException;

/**
 * Routes the admin endpoints: {@code GET /debug/health} and {@code GET /debug/profile?seconds=N&event=E}.
 * Not a hot path: responses are built per request. A profile is answered from the profiler thread when
 * it ends; Netty hands that write to the channel's event loop.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final AsciiString PROFILE_EVENT = AsciiString.cached("x-profile-event");

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";

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
        ctx.writeAndFlush(response);
        return false;
    }

    private void profile(ChannelHandlerContext ctx, QueryStringDecoder uri) {
        ProfileRequest request;
        try {
            request = ProfileRequest.fromQuery(uri.parameters());
        } catch (IllegalArgumentException e) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        profiler.profile(request).whenComplete((graph, error) -> {
            if (graph != null) {
                FullHttpResponse response = response(HttpResponseStatus.OK, HTML, graph.html());
                response.headers().set(PROFILE_EVENT, graph.event().agentName());
                ctx.writeAndFlush(response);
            } else if (error instanceof ProfilerBusyException) {
                respond(ctx, HttpResponseStatus.CONFLICT, error.getMessage());
            } else if (error instanceof InterruptedException || error instanceof CancellationException) {
                respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "admin server closing");
            } else {
                respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "profile failed: " + oneLine(error));
            }
        });
    }

    private static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return message.replaceAll("\\s+", " ");
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        ctx.writeAndFlush(response(status, TEXT, body));
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
