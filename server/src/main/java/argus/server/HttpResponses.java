package argus.server;

import argus.codec.DecodeError;
import argus.codec.LimitRequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every answer the server gives, encoded once at start as complete HTTP/1.1 responses
 * (status line, headers, body) in direct buffers. The request path only writes a duplicate:
 * nothing is formatted per request.
 */
final class HttpResponses implements AutoCloseable {

    /** The connection handling a response announces. */
    enum Connection {
        /** HTTP/1.1 default: persistent, no header needed. */
        KEEP_ALIVE(""),
        /** The server closes after this response. */
        CLOSE("connection: close\r\n"),
        /** An HTTP/1.0 client asked for keep-alive and must be told it got it. */
        KEEP_ALIVE_10("connection: keep-alive\r\n");

        final String header;
        final byte[] headerBytes;

        Connection(String header) {
            this.header = header;
            this.headerBytes = header.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /** One answer in its three connection variants. */
    static final class Response {
        private final ByteBuf[] variants = new ByteBuf[Connection.values().length];
        private final ByteBuf[] owned = new ByteBuf[Connection.values().length];

        Response(int status, String reason, String extraHeaders, String body) {
            byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
            for (Connection c : Connection.values()) {
                String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                        + "content-type: text/plain; charset=utf-8\r\n"
                        + "content-length: " + bodyBytes.length + "\r\n"
                        + extraHeaders + c.header + "\r\n";
                byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
                ByteBuf buf = Unpooled.directBuffer(headBytes.length + bodyBytes.length)
                        .writeBytes(headBytes).writeBytes(bodyBytes);
                owned[c.ordinal()] = buf;
                variants[c.ordinal()] = Unpooled.unreleasableBuffer(buf.asReadOnly());
            }
        }

        void release() {
            for (ByteBuf buf : owned) {
                buf.release();
            }
        }

        /** Copies the answer to the end of {@code out}. */
        void appendTo(ByteBuf out, Connection connection) {
            ByteBuf encoded = variants[connection.ordinal()];
            out.writeBytes(encoded, encoded.readerIndex(), encoded.readableBytes());
        }

        /** A buffer to write: shares the encoded bytes, has its own indexes. */
        ByteBuf encoded(Connection connection) {
            return variants[connection.ordinal()].duplicate();
        }
    }

    /** Every response this instance encoded, released by {@link #close}. */
    private final java.util.List<Response> encoded = new java.util.ArrayList<>();

    static final ByteBuf CONTINUE = Unpooled.unreleasableBuffer(Unpooled.directBuffer()
            .writeBytes("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    final Response health = response(200, "OK", "", "OK");
    final Response notFound = response(404, "Not Found", "",
            "path: not found; use POST /api/v1/limit, POST /api/v1/limits, GET /api/v1/check,"
                    + " GET /api/v1/health or GET /metrics\n");
    private final Map<HttpFailure, Response> failures = new EnumMap<>(HttpFailure.class);
    private final Map<Route, Response> wrongMethod = new EnumMap<>(Route.class);
    final Response batchTooLarge;
    final Response requestTimeout;
    final Response tooManyConnections;
    final Response bodyTooLarge;
    final Response batchBodyTooLarge;
    final Response full;
    final Response internalError = response(500, "Internal Server Error", "",
            "server: internal error, logged; retry or report it\n");
    private final Map<DecodeError, Response> decodeErrors = new EnumMap<>(DecodeError.class);

    HttpResponses(LimitRequestDecoder decoder, ServerConfig config) {
        int maxBodyBytes = config.maxBodyBytes();
        long maxKeys = config.maxKeys();
        requestTimeout = response(408, "Request Timeout", "",
                "request: not received in full within " + config.readTimeoutMillis() + " ms (READ_TIMEOUT_MS)\n");
        tooManyConnections = response(503, "Service Unavailable", "retry-after: 1\r\n",
                "server: too many open connections (MAX_CONNECTIONS=" + config.maxConnections() + ")\n");
        batchBodyTooLarge = response(413, "Content Too Large", "",
                "body: batch larger than " + config.maxBatchBodyBytes() + " bytes (MAX_BODY_BYTES x MAX_BATCH_ITEMS)\n");
        bodyTooLarge = response(413, "Content Too Large", "",
                "body: larger than " + maxBodyBytes + " bytes (MAX_BODY_BYTES)\n");
        full = response(503, "Service Unavailable", "retry-after: 1\r\n",
                "key: not admitted, the key table is full (MAX_KEYS=" + maxKeys
                        + "); existing keys are still served, new keys once expired ones are evicted\n");
        for (DecodeError error : DecodeError.values()) {
            decodeErrors.put(error, response(400, "Bad Request", "", decoder.reason(error) + "\n"));
        }
        for (HttpFailure failure : HttpFailure.values()) {
            String reason = failure == HttpFailure.BODY_TOO_LARGE
                    ? "body: larger than " + config.maxBatchBodyBytes() + " bytes, the most any endpoint takes"
                    : failure.reason;
            failures.put(failure, response(failure.status, failure.statusText, "", reason + "\n"));
        }
        for (Route route : Route.values()) {
            wrongMethod.put(route, response(405, "Method Not Allowed", "allow: " + route.allowed() + "\r\n",
                    "method: " + route.path + " takes " + route.allowed() + "\n"));
        }
        batchTooLarge = response(400, "Bad Request", "",
                "batch: more than " + config.maxBatchItems() + " items (MAX_BATCH_ITEMS)\n");
    }

    private Response response(int status, String reason, String extraHeaders, String body) {
        Response response = new Response(status, reason, extraHeaders, body);
        encoded.add(response);
        return response;
    }

    /** Frees the encoded buffers; only once no event loop can write them any more. */
    @Override
    public void close() {
        encoded.forEach(Response::release);
        encoded.clear();
    }

    Response decodeError(DecodeError error) {
        return error == DecodeError.BATCH_TOO_LARGE ? batchTooLarge : decodeErrors.get(error);
    }

    /** The answer to input {@link HttpRequestReader} could not frame. */
    Response failure(HttpFailure failure) {
        return failures.get(failure);
    }

    Response wrongMethod(Route route) {
        return wrongMethod.get(route);
    }
}
