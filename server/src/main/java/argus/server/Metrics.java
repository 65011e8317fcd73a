package argus.server;

import argus.codec.DecodeError;
import argus.engine.EngineStats;
import argus.engine.RateLimiter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters, exposed at {@code GET /metrics} in the Prometheus text format by the
 * Prometheus Java client.
 *
 * <p>The request path only increments a {@link LongAdder} (striped: event loops do not contend
 * on one cache line); the client library reads them through callbacks at scrape time, so its
 * own bookkeeping never runs per request.
 */
final class Metrics {

    /** The endpoints counted, as the {@code endpoint} label. */
    enum Endpoint { LIMIT, LIMITS, CHECK, HEALTH, METRICS, OTHER }

    /** How a request ended, as the {@code result} label. */
    enum Result { OK, LIMITED, FULL, BAD_REQUEST, NOT_FOUND, METHOD_NOT_ALLOWED, TOO_LARGE, TIMEOUT, ERROR }

    private final LongAdder[][] requests = new LongAdder[Endpoint.values().length][Result.values().length];
    private final LongAdder[] decodeErrors = new LongAdder[DecodeError.values().length];
    private final LongAdder readPauses = new LongAdder();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** False with METRICS=off: requests are not counted (engine gauges still work). */
    private final boolean counting;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    Metrics(RateLimiter engine, IntSupplier openConnections, boolean counting) {
        this.counting = counting;
        for (LongAdder[] row : requests) {
            for (int r = 0; r < row.length; r++) {
                row[r] = new LongAdder();
            }
        }
        for (int i = 0; i < decodeErrors.length; i++) {
            decodeErrors[i] = new LongAdder();
        }
        CounterWithCallback.builder().name("argus_requests").help("Requests answered, by endpoint and result.")
                .labelNames("endpoint", "result")
                .callback(cb -> {
                    for (Endpoint e : Endpoint.values()) {
                        for (Result r : Result.values()) {
                            long n = requests[e.ordinal()][r.ordinal()].sum();
                            if (n > 0) {
                                cb.call(n, label(e), label(r));
                            }
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("argus_decode_errors").help("Rejected request bodies and queries, by reason.")
                .labelNames("reason")
                .callback(cb -> {
                    for (DecodeError d : DecodeError.values()) {
                        long n = decodeErrors[d.ordinal()].sum();
                        if (n > 0) {
                            cb.call(n, label(d));
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("argus_read_pauses")
                .help("Times a connection stopped reading because its client was not reading the answers.")
                .callback(cb -> cb.call(readPauses.sum())).register(registry);
        GaugeWithCallback.builder().name("argus_open_connections").help("Open client connections.")
                .callback(cb -> cb.call(openConnections.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("argus_live_keys").help("Keys with a record in the engine.")
                .callback(cb -> cb.call(engine.stats().liveKeys())).register(registry);
        CounterWithCallback.builder().name("argus_rebuilds").help("Shadow-tree rebuilds (or hash-map sweeps) completed.")
                .callback(cb -> cb.call(engine.stats().rebuilds())).register(registry);
        CounterWithCallback.builder().name("argus_evicted_keys").help("Expired records dropped by rebuilds.")
                .callback(cb -> cb.call(engine.stats().evicted())).register(registry);
        GaugeWithCallback.builder().name("argus_last_rebuild_seconds").help("Duration of the last rebuild.")
                .callback(cb -> cb.call(engine.stats().lastRebuildNanos() / 1e9)).register(registry);
        GaugeWithCallback.builder().name("argus_sampled_search_depth")
                .help("Average search depth sampled from requests (1 in 64), as the swap policy sees it.")
                .callback(cb -> {
                    EngineStats stats = engine.stats();
                    cb.call(stats.averageDepth());
                }).register(registry);
    }

    void count(Endpoint endpoint, Result result) {
        if (counting) {
            requests[endpoint.ordinal()][result.ordinal()].increment();
        }
    }

    void decodeError(DecodeError error) {
        if (counting) {
            decodeErrors[error.ordinal()].increment();
        }
    }

    /** A connection stopped reading until its client reads what it was sent (always counted: rare). */
    void readPaused() {
        readPauses.increment();
    }

    /** The text exposition; runs on the event loop of the scraping connection, a few microseconds. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    String contentType() {
        return writer.getContentType();
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
