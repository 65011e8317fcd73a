package argus.server;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;

/**
 * What {@link HttpRequestReader} learned from one request head: method, target, version and the
 * few header fields Argus acts on. One instance per connection, refilled for every request; it is
 * valid only while the handler receiving it runs (the reader reuses it for the next request).
 */
final class RequestHead {

    HttpMethod method;
    /**
     * The request target's bytes (path and query, undecoded); {@link #targetLength} of them are
     * valid. Small at first (a connection that sends one request should not cost the longest
     * target's worth), grown for a longer target.
     */
    byte[] target = new byte[128];
    int targetLength;
    boolean http10;
    /** {@code Connection: close} was asked for. */
    boolean close;
    /** {@code Connection: keep-alive} was asked for (matters for HTTP/1.0 only). */
    boolean keepAlive;
    /** The declared body length, or -1 when there is none. */
    long contentLength;
    boolean chunked;
    boolean expectContinue;
    /** {@code Accept} names {@code application/json}. */
    boolean acceptJson;
    /** How many {@code Host} header lines the request had. */
    int hosts;
    /** The target holds a {@code ?}; set by the reader. */
    boolean query;
    private String uri;

    /** Room for a target of {@code length} bytes. */
    byte[] targetRoom(int length) {
        if (target.length < length) {
            target = new byte[Math.max(length, 2 * target.length)];
        }
        return target;
    }

    void reset() {
        method = null;
        targetLength = 0;
        http10 = false;
        close = false;
        keepAlive = false;
        contentLength = -1;
        chunked = false;
        expectContinue = false;
        acceptJson = false;
        hosts = 0;
        uri = null;
        query = false;
    }

    /** Whether the connection stays open after this request's answer (RFC 9112 §9.3). */
    boolean persistent() {
        return !close && (!http10 || keepAlive);
    }

    /** Whether the client waits for {@code 100 Continue} before sending the body (HTTP/1.1 only). */
    boolean continueExpected() {
        return expectContinue && !http10;
    }

    /** Whether the target has a query string (seen by the reader as it reads the target). */
    boolean hasQuery() {
        return query;
    }

    /** The target as a string, made on first use; for tests and messages (the request path reads {@link #target}). */
    String uri() {
        if (uri == null) {
            uri = new String(target, 0, targetLength, StandardCharsets.ISO_8859_1);
        }
        return uri;
    }
}
