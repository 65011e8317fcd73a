package argus.server;

/**
 * Why {@link HttpRequestReader} gave up on a connection's input: each is answered with its status
 * and a one-line reason, and the connection is closed (what follows a broken request cannot be
 * framed).
 */
enum HttpFailure {
    REQUEST_LINE(400, "Bad Request", "request: malformed HTTP/1.1 request line; expected METHOD /path HTTP/1.1"),
    VERSION(400, "Bad Request", "request: malformed HTTP/1.1 request; only HTTP/1.0 and HTTP/1.1 are served"),
    LINE_END(400, "Bad Request", "request: malformed HTTP/1.1 request; lines must end with CRLF, not a bare LF"),
    HEADER(400, "Bad Request",
            "request: malformed HTTP/1.1 request; a header or trailer line is not name: value without control characters"),
    CONTENT_LENGTH(400, "Bad Request", "request: malformed HTTP/1.1 request; content-length must be one decimal number"),
    TRANSFER_ENCODING(400, "Bad Request", "request: malformed HTTP/1.1 request; transfer-encoding must be chunked, in one header line"),
    TRANSFER_ENCODING_10(400, "Bad Request",
            "request: malformed HTTP/1.0 request; transfer-encoding is not allowed in HTTP/1.0"),
    BOTH_LENGTHS(400, "Bad Request",
            "request: malformed HTTP/1.1 request; content-length and transfer-encoding together are refused"),
    CHUNK(400, "Bad Request", "request: malformed HTTP/1.1 request; broken chunked framing"),
    /** RFC 9112 §3.2: a server must refuse an HTTP/1.1 request without Host, and any request with two. */
    HOST_MISSING(400, "Bad Request", "request: an HTTP/1.1 request needs a Host header, e.g. Host: localhost"),
    HOST_REPEATED(400, "Bad Request", "request: more than one Host header; send exactly one"),
    HOST_INVALID(400, "Bad Request",
            "request: invalid Host header; expected host[:port] (a name, an IPv4 address or an [IPv6] literal)"),
    URI_TOO_LONG(414, "URI Too Long", "request: URI too long"),
    HEADERS_TOO_LARGE(431, "Request Header Fields Too Large", "request: header fields too large"),
    /**
     * A body larger than any endpoint takes (the reason names the figure); the handler answers with
     * the endpoint's own limit when it knows the endpoint.
     */
    BODY_TOO_LARGE(413, "Content Too Large", "body: larger than any endpoint takes");

    final int status;
    final String statusText;
    final String reason;

    HttpFailure(int status, String statusText, String reason) {
        this.status = status;
        this.statusText = statusText;
        this.reason = reason;
    }
}
