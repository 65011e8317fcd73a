package argus.loadtest.engine;

import argus.engine.KeyBuffer;
import java.util.Arrays;

/**
 * One benchmark thread's key: the {@link KeyBuffer} the engines read, reused for every operation,
 * and a view of it that the baseline maps accept as a lookup key. Never stored in a map.
 */
final class KeyProbe implements KeyBytes {

    private final KeyBuffer buffer = new KeyBuffer(KeyTable.KEY_LENGTH);

    KeyBuffer buffer() {
        return buffer;
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
