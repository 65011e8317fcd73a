package argus.loadtest.engine;

import argus.engine.KeyBuffer;
import java.util.Arrays;

/**
 * One benchmark thread's key: the {@link KeyBuffer} the engines read, reused for every operation,
 * and a view of it that the baseline maps accept as a lookup key. Never stored in a map.
 */
final class KeyProbe implements KeyBytes {

    private final KeyBuffer buffer = new KeyBuffer(KeyTable.KEY_LENGTH);
    /*
     * The request's bucket parameters, read from the probe on every call as a server reads them
     * from each request: passed as compile-time constants, they let the JIT fold the bucket
     * arithmetic (a 64-bit division) into an inlined baseline but not into an engine call, and the
     * comparison would measure that instead of the structures. Set in the constructor: a final
     * field initialised with a constant expression would be a constant itself.
     */
    private final long capacity;
    private final long intervalNanos;

    KeyProbe() {
        this.capacity = Limiter.CAPACITY;
        this.intervalNanos = Limiter.INTERVAL_NANOS;
    }

    KeyBuffer buffer() {
        return buffer;
    }

    long capacity() {
        return capacity;
    }

    long intervalNanos() {
        return intervalNanos;
    }

    /** The array to write the next key into, then {@link #setLength}. */
    byte[] array() {
        return buffer.array(KeyTable.KEY_LENGTH);
    }

    void setLength(int length) {
        buffer.setLength(length);
    }

    @Override
    public byte[] bytes() {
        return buffer.array();
    }

    @Override
    public int length() {
        return buffer.length();
    }

    /** Equal to the {@link StoredKey} with the same bytes: {@code ConcurrentHashMap.get} asks the probe. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredKey && ((StoredKey) other).contentEquals(this);
    }

    /** The engines' seeded hash, folded like theirs; equal to a {@link StoredKey}'s for the same bytes. */
    @Override
    public int hashCode() {
        return buffer.hashCode();
    }

    @Override
    public String toString() {
        return buffer.toString();
    }

    boolean contentEquals(byte[] stored) {
        return Arrays.equals(bytes(), 0, length(), stored, 0, stored.length);
    }
}
