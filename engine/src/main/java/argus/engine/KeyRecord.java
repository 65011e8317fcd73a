package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One key's bucket. Records are shared by every tree that holds the key, so a rebuild or a
 * swap moves no state: it only moves pointers to records.
 *
 * <p>The state is the bucket's TAT ({@link Bucket}), changed only by CAS. {@link #DEAD} is final:
 * the rebuild sets it on an expired record before dropping it, so a request that still holds
 * the record fails its CAS and looks the key up again instead of updating a ghost (I1, I2).
 */
final class KeyRecord {

    /** The record was evicted; its key must be looked up again. */
    static final long DEAD = Long.MIN_VALUE;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(KeyRecord.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final byte[] key;
    final long hash;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state;

    KeyRecord(byte[] key, long hash, long state) {
        this.key = key;
        this.hash = hash;
        this.state = state;
    }

    long state() {
        return (long) STATE.getVolatile(this); // pairs with the CAS below: see the latest TAT
    }

    boolean compareAndSet(long expected, long next) {
        return STATE.compareAndSet(this, expected, next); // full fence: the one linearisation point
    }

    /**
     * Takes one token at {@code now}: {@link Outcome#OK} or {@link Outcome#LIMITED}, or null if the
     * record is dead and the key must be looked up again. Lock-free: a CAS retry only follows
     * another thread's success.
     */
    Outcome take(long now, long capacity, long intervalNanos) {
        while (true) {
            long tat = state();
            if (tat == DEAD) {
                return null;
            }
            long next = Bucket.take(tat, now, capacity, intervalNanos);
            if (next == Bucket.REJECTED) {
                return Outcome.LIMITED;
            }
            if (compareAndSet(tat, next)) {
                return Outcome.OK;
            }
        }
    }

    /** Marks the record dead iff its bucket is full at {@code now}; true if this call killed it. */
    boolean killIfExpired(long now) {
        long tat = state();
        return tat != DEAD && tat <= now && compareAndSet(tat, DEAD);
    }

    /** Orders (hash, key bytes) against this record's; negative when the probe sorts first. */
    int compareTo(long probeHash, KeyBuffer probe) {
        int c = Long.compare(probeHash, hash);
        return c != 0 ? c : probe.compareTo(key);
    }

    /** Orders this record against {@code other} by (hash, key bytes). */
    int compareTo(KeyRecord other) {
        int c = Long.compare(hash, other.hash);
        return c != 0 ? c : java.util.Arrays.compareUnsigned(key, other.key);
    }
}
