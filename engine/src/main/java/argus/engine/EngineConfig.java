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

    public EngineConfig {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1, got " + maxKeys);
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
