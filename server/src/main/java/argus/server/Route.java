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

    /**
     * The route whose path the first {@code length} bytes of {@code target} name, with or without a
     * query; null if none. The target may also be in absolute form ({@code http://host/path}),
     * which RFC 9112 3.2.2 has servers accept.
     */
    static Route of(byte[] target, int length) {
        int from = length > 0 && target[0] == '/' ? 0 : pathOfAbsoluteForm(target, length);
        if (from < 0) {
            return null;
        }
        for (Route route : VALUES) {
            byte[] path = route.pathBytes;
            int end = from + path.length;
            if (length >= end && (length == end || target[end] == '?')
                    && java.util.Arrays.equals(target, from, end, path, 0, path.length)) {
                return route;
            }
        }
        return null;
    }

    /**
     * Where the path of an absolute-form target ({@code http://authority/path}) starts, or -1 if
     * it has none (the authority runs to the end, a {@code ?} or a {@code #}: the path is empty).
     */
    private static int pathOfAbsoluteForm(byte[] target, int length) {
        int i = 0;
        while (i < length && target[i] != ':') {
            int c = target[i] | 0x20; // the scheme, case-insensitive
            if (c < 'a' || c > 'z') {
                return -1;
            }
            i++;
        }
        if (i + 2 >= length || target[i + 1] != '/' || target[i + 2] != '/') {
            return -1;
        }
        for (int k = i + 3; k < length; k++) {
            byte c = target[k];
            if (c == '/') {
                return k;
            }
            if (c == '?' || c == '#') {
                return -1;
            }
        }
        return -1;
    }

    private static final Route[] VALUES = values();
}
