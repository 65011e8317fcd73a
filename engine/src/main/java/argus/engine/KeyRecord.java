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

    final byte[] key;
    final long hash;
    /*
     * The record's children while it is a node of a BstEngine annex (see Annex): null, a record,
     * Annex.SEALED or Annex.RETIRED; each changes from null once, by CAS, until the rebuild retires
     * them. Unused by the hash engine.
     */
    volatile KeyRecord left;
    volatile KeyRecord right;

    KeyRecord(byte[] key, long hash) {
        this.key = key;
        this.hash = hash;
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
    static KeyRecord fresh(Algorithm algorithm, byte[] key, long hash) {
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
            return record == this || hash == record.hash && Arrays.equals(key, record.key);
        }
        return other instanceof KeyBuffer && ((KeyBuffer) other).contentEquals(key);
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
        return c != 0 ? c : Arrays.compareUnsigned(key, other.key);
    }
}
