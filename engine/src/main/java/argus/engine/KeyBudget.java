package argus.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts live records against the {@code MAX_KEYS} cap (I5). Touched only when a key is created
 * or evicted, never on the path of an existing key.
 */
final class KeyBudget {

    private final long max;
    private final AtomicLong live = new AtomicLong();
    /** Set when a new key was refused; tells the policy to evict now. No ordering needed: a hint. */
    private volatile boolean refused;

    KeyBudget(long max) {
        this.max = max;
    }

    /** Counts one more live record, or refuses if the cap is reached. */
    boolean tryReserve() {
        if (live.incrementAndGet() > max) {
            live.decrementAndGet();
            refused = true;
            return false;
        }
        return true;
    }

    /** Gives back a reservation: the record was evicted, or never stored. */
    void release() {
        live.decrementAndGet();
    }

    long live() {
        return live.get();
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
