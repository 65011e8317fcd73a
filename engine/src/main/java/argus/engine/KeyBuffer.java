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
 * creates a record for a new key (into the record's words, or an array for a long key).
 */
public final class KeyBuffer {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** At least the inline words' bytes, so that {@link #word} reads whole words inside the array. */
    private static final int MIN_CAPACITY = 32;

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
        bytes = new byte[Math.max(MIN_CAPACITY, initialCapacity)];
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

    /** A fresh array holding exactly the key's bytes: taken when a record of a key longer than {@link KeyRecord#INLINE} is created. */
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

    /**
     * Word {@code i} (0 to 2) of the key packed as a record packs a key of up to
     * {@link KeyRecord#INLINE} bytes: 8 bytes little-endian, zero past the key's length.
     */
    long word(int i) {
        int from = i << 3;
        int valid = length - from;
        if (valid <= 0) {
            return 0;
        }
        long w = readLong(bytes, from); // inside the array: it is never shorter than MIN_CAPACITY
        return valid >= 8 ? w : w & ((1L << (valid << 3)) - 1);
    }

    /** Whether {@code record} holds exactly this key's bytes. */
    boolean matches(KeyRecord record) {
        if (length != record.length) {
            return false;
        }
        if (record.key == null) {
            return word(0) == record.w0 && word(1) == record.w1 && word(2) == record.w2;
        }
        return Arrays.equals(bytes, 0, length, record.key, 0, length);
    }

    /** Orders this key against a record's: by bytes, unsigned, shorter first on a tie. */
    int compareTo(KeyRecord record) {
        if (length <= KeyRecord.INLINE && record.key == null) {
            return KeyRecord.compareInline(word(0), word(1), word(2), length, record);
        }
        if (length > KeyRecord.INLINE && record.key != null) {
            return Arrays.compareUnsigned(bytes, 0, length, record.key, 0, record.length);
        }
        return KeyRecord.compareBytes(bytes, length, record); // one key inline, one not (a hash tie: all but never)
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
        return other instanceof KeyRecord && matches((KeyRecord) other);
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
