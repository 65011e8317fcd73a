package argus.server;

import io.netty.handler.codec.http.HttpMethod;

/** The endpoints, each with the one method it takes. */
enum Route {
    LIMIT("/api/v1/limit", HttpMethod.POST, Metrics.Endpoint.LIMIT),
    LIMITS("/api/v1/limits", HttpMethod.POST, Metrics.Endpoint.LIMITS),
    CHECK("/api/v1/check", HttpMethod.GET, Metrics.Endpoint.CHECK),
    HEALTH("/api/v1/health", HttpMethod.GET, Metrics.Endpoint.HEALTH),
    METRICS("/metrics", HttpMethod.GET, Metrics.Endpoint.METRICS);

    final String path;
    private final byte[] pathBytes;
    final HttpMethod method;
    final Metrics.Endpoint endpoint;

    Route(String path, HttpMethod method, Metrics.Endpoint endpoint) {
        this.path = path;
        this.pathBytes = path.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.method = method;
        this.endpoint = endpoint;
    }

    /**
     * Whether this route can answer {@code method}: its own, and HEAD where that is GET and the
     * answer costs nothing (health, metrics; a HEAD of {@code /check} would spend a token).
     */
    boolean takes(HttpMethod requested) {
        return method.equals(requested) || requested.equals(HttpMethod.HEAD) && takesHead();
    }

    /** Whether this route reads a request body (the others answer from the head alone). */
    boolean takesBody() {
        return this == LIMIT || this == LIMITS;
    }

    boolean takesHead() {
        return this == HEALTH || this == METRICS;
    }

    /** The methods this route takes, for the {@code Allow} header of a 405. */
    String allowed() {
        return takesHead() ? method + ", HEAD" : method.toString();
    }

    /** The route whose path the first {@code length} bytes of {@code target} name, with or without a query; null if none. */
    static Route of(byte[] target, int length) {
        for (Route route : VALUES) {
            byte[] path = route.pathBytes;
            if (length >= path.length && (length == path.length || target[path.length] == '?')
                    && java.util.Arrays.equals(target, 0, path.length, path, 0, path.length)) {
                return route;
            }
        }
        return null;
    }

    private static final Route[] VALUES = values();
}
