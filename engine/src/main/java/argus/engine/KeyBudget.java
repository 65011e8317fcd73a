package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts live records against the {@code MAX_KEYS} cap (I5). Touched only when a key is created
 * or evicted, never on the path of an existing key.
 *
 * <p>The cap is held by {@link #reserved}: live records plus reservations that threads took ahead
 * and have not used yet, never above {@code max}, so live records never exceed the cap. Far from
 * the cap a thread reserves {@link #CHUNK} keys at once and spends them from its own count (an
 * uncontended CAS), so creating a key does not bounce one shared counter between event loops on
 * every request (measured, new keys on the hash engine with 2 threads against ConcurrentHashMap's
 * rate: 0.83 -> 1.09 at 100 k keys, unchanged at 1 k); within {@link #NEAR} keys of the cap it
 * reserves one at a time. Before refusing a key, a thread takes back every thread's unused
 * reservations ({@link #reclaim}), those of idle event loops and of threads that ended included,
 * so a refusal means the cap is reached by live records, up to reservations in flight. A thread
 * keeps at most {@code CHUNK - 1} unused. The live count ({@link #live()}) is exact and striped.
 */
final class KeyBudget {

    /** Keys a thread reserves at once while the cap is far. */
    static final int CHUNK = 64;
    /** How close to the cap reservations go one key at a time. */
    static final long NEAR = 64L * CHUNK;

    /**
     * One thread's reservations not used yet. Its owner spends them by CAS (uncontended: the
     * object is the owner's), so that a thread about to be refused can take back what idle or
     * ended threads hold ({@link #reclaim}).
     */
    private static final class Unused {
        private static final VarHandle COUNT;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(Unused.class, "count", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final WeakReference<Thread> owner = new WeakReference<>(Thread.currentThread());
        volatile int count;

        /** One of the owner's reservations, if it has one left. */
        boolean take() {
            int c;
            while ((c = count) > 0) {
                if (COUNT.compareAndSet(this, c, c - 1)) {
                    return true;
                }
            }
            return false;
        }

        void add(int n) {
            COUNT.getAndAdd(this, n);
        }

        int takeAll() {
            return (int) COUNT.getAndSet(this, 0);
        }

        boolean ownerGone() {
            Thread t = owner.get();
            return t == null || !t.isAlive();
        }
    }

    private final long max;
    private final AtomicLong reserved = new AtomicLong();
    private final LongAdder live = new LongAdder();
    /** Every thread's {@link Unused}, so that a refusal can reclaim them; dead threads' are dropped by {@link #reclaim}. */
    private final ConcurrentLinkedQueue<Unused> holders = new ConcurrentLinkedQueue<>();
    private final AtomicLong registrations = new AtomicLong();
    private final ThreadLocal<Unused> unused = ThreadLocal.withInitial(this::register);
    /** Set when a new key was refused; tells the policy to evict now. No ordering needed: a hint. */
    private volatile boolean refused;

    KeyBudget(long max) {
        this.max = max;
    }

    private Unused register() {
        Unused mine = new Unused();
        holders.add(mine);
        if (registrations.incrementAndGet() % CHUNK == 0) {
            // Threads that come and go: give back what ended ones held, so the registry stays as big as the live ones.
            for (Unused u : holders) {
                if (u.ownerGone()) {
                    giveBack(u);
                    holders.remove(u);
                }
            }
        }
        return mine;
    }

    /** Counts one more live record, or refuses if the cap is reached. */
    boolean tryReserve() {
        Unused mine = unused.get();
        if (mine.take()) {
            live.increment();
            return true;
        }
        boolean reclaimed = false;
        while (true) {
            long taken = reserved.get();
            long room = max - taken;
            if (room <= 0) {
                if (!reclaimed) {
                    reclaimed = true;
                    reclaim(); // other threads' unused reservations, before refusing
                    continue;
                }
                refused = true;
                return false;
            }
            long chunk = room > NEAR ? CHUNK : 1;
            if (reserved.compareAndSet(taken, taken + chunk)) {
                mine.add((int) chunk - 1);
                live.increment();
                return true;
            }
        }
    }

    /** Gives back every thread's unused reservations to the shared count; forgets threads that ended. Cold path: at the cap only. */
    private void reclaim() {
        for (Unused u : holders) {
            giveBack(u);
            if (u.ownerGone()) {
                holders.remove(u);
            }
        }
    }

    private void giveBack(Unused u) {
        int n = u.takeAll();
        if (n > 0) {
            reserved.addAndGet(-n);
        }
    }

    /** Gives back a reservation that was not used (another thread created the key first). */
    void unreserve() {
        live.decrement();
        Unused mine = unused.get();
        if (mine.count >= CHUNK - 1) {
            reserved.decrementAndGet(); // keep at most CHUNK - 1 per thread, as documented
        } else {
            mine.add(1);
        }
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
