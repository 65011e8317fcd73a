package argus.server;

import argus.engine.EngineConfig;
import argus.engine.SwapPolicy;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of the server, read from the environment once at start and validated there:
 * an unknown or out-of-range value stops the start with a message naming the variable.
 *
 * @param host             {@code HOST}, address to bind (default {@code 0.0.0.0})
 * @param port             {@code PORT} (default 8123; 0 picks a free port)
 * @param logLevel         {@code LOG_LEVEL}: debug, info, warn or error (default info)
 * @param engine           {@code ENGINE}: bst (default: concurrent BST + shadow AVL) or hash (lock-free hash map)
 * @param transport        {@code TRANSPORT}: auto (default: epoll when available), epoll or nio
 * @param ioThreads        {@code IO_THREADS}: event loops (default: available processors)
 * @param maxKeys          {@code MAX_KEYS}: live keys kept at most (default 1,000,000)
 * @param maxKeyBytes      {@code MAX_KEY_BYTES}: longest key, in UTF-8 bytes (default 256)
 * @param maxBodyBytes     {@code MAX_BODY_BYTES}: largest request body (default 4096); a batch may be
 *                         {@code MAX_BATCH_ITEMS} times larger
 * @param maxBatchItems    {@code MAX_BATCH_ITEMS}: most items in one {@code /api/v1/limits} batch (default 100)
 * @param idleTimeoutMillis {@code IDLE_TIMEOUT_MS}: idle keep-alive connections close (default 2000)
 * @param readTimeoutMillis {@code READ_TIMEOUT_MS}: a whole request, head and body, must arrive within this (default 500)
 * @param maxConnections   {@code MAX_CONNECTIONS}: open connections at most; more are refused with 503 (default 10000)
 * @param shutdownMillis   {@code SHUTDOWN_TIMEOUT_MS}: graceful shutdown budget (default 10000)
 * @param rebuildMaxAgeMillis {@code REBUILD_MAX_AGE_MS}: expired keys are reclaimed at least this often (default 5000)
 * @param adminHost        {@code ADMIN_HOST}: address of the admin (profiling) server (default 127.0.0.1)
 * @param adminPort        {@code ADMIN_PORT}: its port; 0, the default, turns it off
 * @param metrics          {@code METRICS}: on (default) or off; off stops counting requests (for A/B benchmarks)
 */
public record ServerConfig(String host, int port, String logLevel, EngineKind engine, Transport.Choice transport,
                           int ioThreads, long maxKeys, int maxKeyBytes, int maxBodyBytes, int maxBatchItems, long idleTimeoutMillis,
                           long readTimeoutMillis, int maxConnections, long shutdownMillis, long rebuildMaxAgeMillis,
                           String adminHost, int adminPort, boolean metrics) {

    /** The storage engines ENGINE can name. */
    public enum EngineKind { BST, HASH }

    public static ServerConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static ServerConfig from(Map<String, String> env) {
        Reader r = new Reader(env);
        return new ServerConfig(
                r.string("HOST", "0.0.0.0"),
                (int) r.number("PORT", 8123, 0, 65535),
                r.oneOf("LOG_LEVEL", "info", "debug", "info", "warn", "error"),
                EngineKind.valueOf(r.oneOf("ENGINE", "bst", "bst", "hash").toUpperCase(Locale.ROOT)),
                Transport.Choice.valueOf(r.oneOf("TRANSPORT", "auto", "auto", "epoll", "nio").toUpperCase(Locale.ROOT)),
                (int) r.number("IO_THREADS", Runtime.getRuntime().availableProcessors(), 1, 1024),
                r.number("MAX_KEYS", EngineConfig.DEFAULT_MAX_KEYS, 1, EngineConfig.MAX_MAX_KEYS),
                (int) r.number("MAX_KEY_BYTES", 256, 1, 65536),
                (int) r.number("MAX_BODY_BYTES", 4096, 64, 1 << 20),
                (int) r.number("MAX_BATCH_ITEMS", 100, 1, 10_000),
                r.number("IDLE_TIMEOUT_MS", 2000, 1, 3_600_000),
                r.number("READ_TIMEOUT_MS", 500, 1, 3_600_000),
                (int) r.number("MAX_CONNECTIONS", 10_000, 1, 1_000_000),
                r.number("SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
                r.number("REBUILD_MAX_AGE_MS", SwapPolicy.defaults().maxAgeMillis(), 1, 3_600_000),
                r.string("ADMIN_HOST", "127.0.0.1"),
                (int) r.number("ADMIN_PORT", 0, 0, 65535),
                r.oneOf("METRICS", "on", "on", "off").equals("on"));
    }

    /** The largest batch body: {@code MAX_BATCH_ITEMS} times {@code MAX_BODY_BYTES}, at most 64 MiB. */
    public int maxBatchBodyBytes() {
        return (int) Math.min(64L << 20, (long) maxBodyBytes * maxBatchItems);
    }

    public EngineConfig engineConfig() {
        SwapPolicy d = SwapPolicy.defaults();
        SwapPolicy policy = new SwapPolicy(d.depthFactor(), d.annexMin(), d.annexShare(), d.pressureShare(),
                rebuildMaxAgeMillis, Math.min(d.minIntervalMillis(), rebuildMaxAgeMillis));
        return new EngineConfig(maxKeys, EngineConfig.DEFAULT_TICK_MILLIS, policy);
    }

    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String string(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        String oneOf(String name, String fallback, String... allowed) {
            String value = string(name, fallback).toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equals(value)) {
                    return value;
                }
            }
            throw new IllegalArgumentException(name + "=" + value + " is not one of " + String.join(", ", allowed));
        }

        long number(String name, long fallback, long min, long max) {
            return parse(name, string(name, Long.toString(fallback)), min, max, Long::parseLong);
        }

        private static long parse(String name, String text, long min, long max, Function<String, Long> parser) {
            long value;
            try {
                value = parser.apply(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + text + " is not an integer");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + "=" + text + " is outside " + min + ".." + max);
            }
            return value;
        }
    }
}
