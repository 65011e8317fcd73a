package argus.engine;

import java.util.Arrays;

/**
 * One key's limiter state. Records are shared by every tree that holds the key, so a rebuild or
 * a swap moves no state: it only moves pointers to records.
 *
 * <p>Each subclass keeps its whole state in one field changed only by CAS, and has a final
 * {@code DEAD} value: the rebuild sets it on a record that can be forgotten before dropping it,
 * so a request that still holds the record fails its CAS and looks the key up again instead of
 * updating a ghost (I1, I2). A record is forgettable only when a fresh record would behave the
 * same, so eviction never gives a client extra admissions.
 */
abstract class KeyRecord {

    /** Keys up to this many bytes are held in {@link #w0}, {@link #w1}, {@link #w2}; longer ones in {@link #key}. */
    static final int INLINE = 24;

    /*
     * The key's bytes. Up to INLINE bytes they are packed into three words inside the record, 8
     * bytes each in little-endian order, zero past the key's length, and key is null: the record is
     * one object, and a lookup compares the key without reading another one (a cache miss less per
     * hit). A longer key keeps its bytes in key, and the words are zero.
     */
    final long w0;
    final long w1;
    final long w2;
    final int length;
    final byte[] key;
    final long hash;
    /*
     * The record's children while it is a node of a BstEngine annex (see Annex): null, a record,
     * Annex.SEALED or Annex.RETIRED; each changes from null once, by CAS, until the rebuild retires
     * them. Unused by the hash engine.
     */
    volatile KeyRecord left;
    volatile KeyRecord right;

    /** A record of {@code key}'s bytes (copied), or of no key if {@code key} is null: a record never stored. */
    KeyRecord(KeyBuffer key, long hash) {
        this.hash = hash;
        if (key == null) {
            length = 0;
            w0 = w1 = w2 = 0;
            this.key = null;
        } else if (key.length() <= INLINE) {
            length = key.length();
            w0 = key.word(0);
            w1 = key.word(1);
            w2 = key.word(2);
            this.key = null;
        } else {
            length = key.length();
            w0 = w1 = w2 = 0;
            this.key = key.copy();
        }
    }

    /**
     * Applies one request of {@code hits} at engine time {@code now} ({@code now + wallOffset} is
     * wall-clock nanoseconds, for windows): {@link Outcome#OK} or {@link Outcome#LIMITED}
     * (filling {@code verdict} if it is not null), or null if the record is dead and the key must
     * be looked up again. Lock-free: a CAS retry only follows another thread's success.
     */
    abstract Outcome take(Algorithm algorithm, long now, long wallOffset, long capacity, long intervalNanos, long hits,
                          Verdict verdict);

    /** True while the record is in its initial state: a request left it so, it need not be stored. */
    abstract boolean isFresh();

    /** A record in its initial state (a full bucket, an empty window) for {@code algorithm}. */
    static KeyRecord fresh(Algorithm algorithm, KeyBuffer key, long hash) {
        switch (algorithm) {
            case FIXED_WINDOW:
                return new FixedWindowRecord(key, hash);
            case SLIDING_WINDOW:
                return new SlidingWindowRecord(key, hash);
            default:
                return new GcraRecord(key, hash);
        }
    }

    /** Marks the record dead iff it can be forgotten at {@code now}; true if this call killed it. */
    abstract boolean killIfForgettable(long now);

    abstract boolean isDead();

    /**
     * Equal to a record or a {@link KeyBuffer} with the same key bytes: the hash engine keys its
     * map by the records themselves, and probes it with the request's buffer.
     */
    @Override
    public final boolean equals(Object other) {
        if (other instanceof KeyRecord) {
            KeyRecord record = (KeyRecord) other;
            return record == this || hash == record.hash && compareTo(record) == 0;
        }
        return other instanceof KeyBuffer && ((KeyBuffer) other).matches(this);
    }

    /** Matches {@link KeyBuffer#hashCode()}. */
    @Override
    public final int hashCode() {
        return fold(hash);
    }

    static int fold(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }

    /** Orders this record against {@code other} by (hash, key bytes). */
    int compareTo(KeyRecord other) {
        int c = Long.compare(hash, other.hash);
        if (c != 0) {
            return c;
        }
        if (key == null && other.key == null) {
            return compareInline(w0, w1, w2, length, other);
        }
        if (key != null && other.key != null) {
            return Arrays.compareUnsigned(key, other.key);
        }
        // One key inline, one in an array (a hash tie: all but never).
        return key != null ? compareBytes(key, length, other) : -compareBytes(other.key, other.length, this);
    }

    /**
     * Orders inline key bytes (packed as in a record, {@code length <= INLINE}) against an inline
     * record's: unsigned bytes in order, the shorter first on a tie, as {@link Arrays#compareUnsigned}.
     * Reversing a little-endian word puts its first byte highest, so an unsigned compare of the
     * reversed words is the byte order; bytes past the length are zero on both sides.
     */
    static int compareInline(long a0, long a1, long a2, int length, KeyRecord r) {
        if (a0 != r.w0) {
            return Long.compareUnsigned(Long.reverseBytes(a0), Long.reverseBytes(r.w0));
        }
        if (a1 != r.w1) {
            return Long.compareUnsigned(Long.reverseBytes(a1), Long.reverseBytes(r.w1));
        }
        if (a2 != r.w2) {
            return Long.compareUnsigned(Long.reverseBytes(a2), Long.reverseBytes(r.w2));
        }
        return Integer.compare(length, r.length);
    }

    /**
     * Orders the first {@code length} bytes of {@code bytes} against {@code r}'s key, byte by byte:
     * the general (rare) case, one key in an array and the other packed in a record.
     */
    static int compareBytes(byte[] bytes, int length, KeyRecord r) {
        int n = Math.min(length, r.length);
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(bytes[i] & 0xFF, r.byteAt(i) & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(length, r.length);
    }

    /** Byte {@code i} of the key, {@code i < length}. */
    byte byteAt(int i) {
        if (key != null) {
            return key[i];
        }
        long w = i < 8 ? w0 : i < 16 ? w1 : w2;
        return (byte) (w >>> ((i & 7) << 3));
    }

    /** A fresh array of the key's bytes; for tests, tools and messages, not the request path. */
    byte[] keyBytes() {
        if (key != null) {
            return key.clone();
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = byteAt(i);
        }
        return bytes;
    }
}
