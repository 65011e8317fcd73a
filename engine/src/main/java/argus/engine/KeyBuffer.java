package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The decoded bytes of one key, in a buffer that is reused request after request.
 *
 * <p>One instance belongs to one thread (an event loop or a test thread); it is never shared.
 * The decoder writes the key's UTF-8 bytes (escapes already resolved, so equal keys have equal
 * bytes: invariant I7) with {@link #reset}, {@link #array} and {@link #setLength} or
 * {@link #append}. The engine reads {@link #hash()} and the bytes, and copies them only when it
 * creates a record for a new key.
 */
public final class KeyBuffer {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes;
    private int length;
    /** {@link #hash()} of the current bytes, valid while {@link #hashed}; any change clears it. */
    private long hash;
    private boolean hashed;

    /*
     * Where the calling thread's last lookup in a BstEngine missed: the view, and the empty annex
     * slot (annex, parent record or null for the root, side) with the depth walked to reach it.
     * Set by a miss, used by the insert that follows it in the same acquire, and dropped when that
     * acquire ends, so it never pins a retired view.
     */
    BstEngine.View missView;
    Annex missAnnex;
    KeyRecord missParent;
    boolean missLeft;
    int missDepth;

    public KeyBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** A buffer holding a copy of {@code key}; for tests and tools, not the request path. */
    public static KeyBuffer of(byte[] key) {
        KeyBuffer buffer = new KeyBuffer(key.length);
        System.arraycopy(key, 0, buffer.bytes, 0, key.length);
        buffer.length = key.length;
        return buffer;
    }

    /** A buffer holding the UTF-8 bytes of {@code key}; for tests and tools. */
    public static KeyBuffer of(String key) {
        return of(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void reset() {
        hashed = false;
        length = 0;
    }

    /** The backing array, at least {@code capacity} long; its first {@link #length()} bytes are the key. */
    public byte[] array(int capacity) {
        hashed = false; // handed out for writing
        if (bytes.length < capacity) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
        return bytes;
    }

    public byte[] array() {
        hashed = false; // handed out for writing
        return bytes;
    }

    public void setLength(int length) {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + bytes.length);
        }
        this.hashed = false;
        this.length = length;
    }

    public void append(byte b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        hashed = false;
        bytes[length++] = b;
    }

    /**
     * Appends the algorithm's tag (none for the token bucket, the original's algorithm) and
     * returns the length to restore with {@link #untag}. 0xFF never occurs in UTF-8, so tagged
     * keys cannot collide with untagged ones or with each other.
     */
    int tag(Algorithm algorithm) {
        int original = length;
        if (algorithm != Algorithm.TOKEN_BUCKET) {
            append(Algorithm.TAG);
            append((byte) algorithm.ordinal());
        }
        return original;
    }

    void untag(int original) {
        hashed = false;
        length = original;
    }

    void missedAt(BstEngine.View view, Annex annex, KeyRecord parent, boolean left, int depth) {
        missView = view;
        missAnnex = annex;
        missParent = parent;
        missLeft = left;
        missDepth = depth;
    }

    void clearMiss() {
        missView = null;
        missAnnex = null;
        missParent = null;
    }

    public int length() {
        return length;
    }

    /** A fresh array holding exactly the key's bytes: taken once, when a record is created. */
    public byte[] copy() {
        return Arrays.copyOf(bytes, length);
    }

    /** The key's 64-bit hash under this process's seed; see {@link KeyHash}. */
    public long hash() {
        if (!hashed) {
            hash = KeyHash.hash(bytes, length); // computed once per key: the hash engine asks twice
            hashed = true;
        }
        return hash;
    }

    /** Orders this key against a stored key: by bytes, unsigned, shorter first on a tie. */
    public int compareTo(byte[] stored) {
        return Arrays.compareUnsigned(bytes, 0, length, stored, 0, stored.length);
    }

    public boolean contentEquals(byte[] stored) {
        return Arrays.equals(bytes, 0, length, stored, 0, stored.length);
    }

    static long readLong(byte[] array, int offset) {
        return (long) LONGS.get(array, offset);
    }

    /**
     * Equal to the {@link KeyRecord} with the same key bytes, so a buffer can probe a hash map of
     * stored keys without allocating; never equal to another buffer (it is mutable and never
     * stored).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyRecord && contentEquals(((KeyRecord) other).key);
    }

    /** Matches {@link KeyRecord#hashCode()}. */
    @Override
    public int hashCode() {
        return KeyRecord.fold(hash());
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
