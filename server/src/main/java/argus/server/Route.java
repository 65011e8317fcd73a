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
    final HttpMethod method;
    final Metrics.Endpoint endpoint;

    Route(String path, HttpMethod method, Metrics.Endpoint endpoint) {
        this.path = path;
        this.method = method;
        this.endpoint = endpoint;
    }

    /** Whether this route can answer {@code method}; HEAD is not offered. */
    boolean takes(HttpMethod requested) {
        return method.equals(requested);
    }

    /** The route whose path {@code uri} names, with or without a query string; null if none. */
    static Route of(String uri) {
        for (Route route : VALUES) {
            String path = route.path;
            if (uri.startsWith(path) && (uri.length() == path.length() || uri.charAt(path.length()) == '?')) {
                return route;
            }
        }
        return null;
    }

    private static final Route[] VALUES = values();
}
