package argus.engine;

/**
 * Engine settings, validated once at start.
 *
 * @param maxKeys             cap on live records; a new key beyond it is answered {@link Outcome#FULL}
 * @param tickMillis          how often the rebuild thread asks the swap policy
 * @param policy              when to rebuild the shadow tree and swap it in
 */
public record EngineConfig(long maxKeys, long tickMillis, SwapPolicy policy) {

    public static final long DEFAULT_MAX_KEYS = 1_000_000;
    public static final long DEFAULT_TICK_MILLIS = 10;
    /**
     * The largest cap: the hash engine's largest table (2^30 slots) holds 2^29 keys at its copy
     * threshold of a half, and a balanced rebuild counts a tree's keys in an int. 268 M keys take
     * some 30 GB of heap (about 117 bytes each).
     */
    public static final long MAX_MAX_KEYS = 1L << 28;

    public EngineConfig {
        if (maxKeys < 1 || maxKeys > MAX_MAX_KEYS) {
            throw new IllegalArgumentException("maxKeys must be between 1 and " + MAX_MAX_KEYS + ", got " + maxKeys);
        }
        if (tickMillis < 1) {
            throw new IllegalArgumentException("tickMillis must be >= 1, got " + tickMillis);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy is required");
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_MAX_KEYS, DEFAULT_TICK_MILLIS, SwapPolicy.defaults());
    }

    public EngineConfig withMaxKeys(long max) {
        return new EngineConfig(max, tickMillis, policy);
    }
}
