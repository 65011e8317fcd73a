package argus.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts live records against the {@code MAX_KEYS} cap (I5). Touched only when a key is created
 * or evicted, never on the path of an existing key.
 *
 * <p>The cap is held by {@link #reserved}: live records plus reservations that threads took ahead
 * and have not used yet, never above {@code max}, so live records never exceed the cap. Far from
 * the cap a thread reserves {@link #CHUNK} keys at once and spends them from a thread-local
 * count, so creating a key does not bounce one shared counter between event loops on every
 * request (measured, new keys on the hash engine with 2 threads against ConcurrentHashMap's rate:
 * 0.83 -> 1.09 at 100 k keys, unchanged at 1 k); within
 * {@link #NEAR} keys of the cap it reserves one at a time. So a key is refused only when the cap
 * is reached, counting at most {@code CHUNK - 1} unused reservations per thread that reserved far
 * from it (event loops live as long as the engine; a thread that ends takes its few with it). The
 * live count itself ({@link #live()}) is exact and striped.
 */
final class KeyBudget {

    /** Keys a thread reserves at once while the cap is far. */
    static final int CHUNK = 64;
    /** How close to the cap reservations go one key at a time. */
    static final long NEAR = 64L * CHUNK;

    /** One thread's reservations not used yet. */
    private static final class Unused {
        int count;
    }

    private final long max;
    private final AtomicLong reserved = new AtomicLong();
    private final LongAdder live = new LongAdder();
    private final ThreadLocal<Unused> unused = ThreadLocal.withInitial(Unused::new);
    /** Set when a new key was refused; tells the policy to evict now. No ordering needed: a hint. */
    private volatile boolean refused;

    KeyBudget(long max) {
        this.max = max;
    }

    /** Counts one more live record, or refuses if the cap is reached. */
    boolean tryReserve() {
        Unused mine = unused.get();
        if (mine.count > 0) {
            mine.count--;
            live.increment();
            return true;
        }
        while (true) {
            long taken = reserved.get();
            long room = max - taken;
            if (room <= 0) {
                refused = true;
                return false;
            }
            long chunk = room > NEAR ? CHUNK : 1;
            if (reserved.compareAndSet(taken, taken + chunk)) {
                mine.count = (int) chunk - 1;
                live.increment();
                return true;
            }
        }
    }

    /** Gives back a reservation that was not used (another thread created the key first): this thread keeps it. */
    void unreserve() {
        live.decrement();
        unused.get().count++;
    }

    /** Releases the record of an evicted key. */
    void release() {
        live.decrement();
        reserved.decrementAndGet();
    }

    long live() {
        return live.sum();
    }

    /** Live records plus reservations held by threads; for tests. */
    long reserved() {
        return reserved.get();
    }

    long max() {
        return max;
    }

    boolean refusedSinceLastCheck() {
        return refused;
    }

    void clearRefused() {
        refused = false;
    }
}
