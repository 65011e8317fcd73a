package argus.codec;

import argus.engine.Algorithm;
import argus.engine.KeyBuffer;

/**
 * One decoded {@code /api/v1/limit} request, reused request after request.
 *
 * <p>One instance belongs to one thread (an event loop); {@link LimitRequestDecoder} overwrites
 * it on every call. Its values are meaningful only after a decode that returned {@code null};
 * after a failed decode they are unspecified.
 */
public final class LimitRequest {

    private final KeyBuffer key;
    private long capacity;
    private int interval;
    private Unit unit;
    private long hits = 1;
    private Algorithm algorithm = Algorithm.TOKEN_BUCKET;

    public LimitRequest(KeyBuffer key) {
        this.key = key;
    }

    /** The key's decoded UTF-8 bytes (escapes resolved, invariant I7). */
    public KeyBuffer key() {
        return key;
    }

    /** Tokens per interval, at least 1. */
    public long capacity() {
        return capacity;
    }

    /** The refill interval in {@link #unit()}s, at least 1. */
    public int interval() {
        return interval;
    }

    public Unit unit() {
        return unit;
    }

    /** Units this request takes; 1 unless the body says otherwise, 0 only reports. */
    public long hits() {
        return hits;
    }

    /** The limiting algorithm; {@link Algorithm#TOKEN_BUCKET} unless the body says otherwise. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** The interval in nanoseconds; exact, since 2^31 seconds is far below 2^63 nanoseconds. */
    public long intervalNanos() {
        return interval * unit.nanos();
    }

    void capacity(long capacity) {
        this.capacity = capacity;
    }

    void interval(int interval) {
        this.interval = interval;
    }

    void unit(Unit unit) {
        this.unit = unit;
    }

    void hits(long hits) {
        this.hits = hits;
    }

    void algorithm(Algorithm algorithm) {
        this.algorithm = algorithm;
    }

    /** Puts the optional members back to their defaults before a decode. */
    void resetOptional() {
        hits = 1;
        algorithm = Algorithm.TOKEN_BUCKET;
    }

    @Override
    public String toString() {
        return "LimitRequest{key=" + key + ", capacity=" + capacity + ", interval=" + interval
                + ", unit=" + (unit == null ? null : unit.spelling()) + ", hits=" + hits
                + ", algorithm=" + algorithm.spelling() + '}';
    }
}
