package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

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
 * keeps at most {@code CHUNK - 1} unused.
 *
 * <p>The live count ({@link #live()}) is the records each thread created, counted by that thread
 * alone in a field of its own {@link Unused} (a release store, no CAS), minus those the
 * rebuild released. It is exact when no key is being created or evicted, and like a
 * {@code LongAdder}'s sum otherwise. Measured before, under pipelined random keys: a shared
 * {@code LongAdder} for it and one for the engine's insert count took 4.3 % of the server's CPU
 * ({@code LongAdder.add}); on 2 cores a {@code LongAdder} has at most 2 cells for 3 writers (two
 * event loops and the rebuild thread), so two of them bounced one cell's cache line.
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
        private static final VarHandle CREATED;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(Unused.class, "count", int.class);
                CREATED = MethodHandles.lookup().findVarHandle(Unused.class, "created", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final WeakReference<Thread> owner = new WeakReference<>(Thread.currentThread());
        volatile int count;
        /** Records the owner created, less those it gave back unused; written by the owner only. */
        private long created;

        /** Counts {@code n} (1 or -1) more records created by the owner: its own field, so no CAS. */
        void created(int n) {
            CREATED.setRelease(this, created + n); // the owner's own write: its plain read is current
        }

        long created() {
            return (long) CREATED.getAcquire(this);
        }

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
    /** Guards {@link #createdByEnded} and the removal of ended threads' slots, against {@link #created()}'s sum. */
    private final Object folding = new Object();
    /** Records created by threads that ended (their {@link Unused} left {@link #holders}). */
    private long createdByEnded;
    /** Records released by evictions. */
    private final AtomicLong released = new AtomicLong();
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
                    forget(u);
                }
            }
        }
        return mine;
    }

    /** Counts one more live record, or refuses if the cap is reached. */
    boolean tryReserve() {
        Unused mine = unused.get();
        if (mine.take()) {
            mine.created(1);
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
                mine.created(1);
                return true;
            }
        }
    }

    /** Gives back every thread's unused reservations to the shared count; forgets threads that ended. Cold path: at the cap only. */
    private void reclaim() {
        for (Unused u : holders) {
            giveBack(u);
            if (u.ownerGone()) {
                forget(u);
            }
        }
    }

    /**
     * Drops an ended thread's {@link Unused}, keeping the records it created in the count; once,
     * whoever calls. Under the lock {@link #created()} sums under: a sum that ran beside the
     * removals of a sweep counted every slot it had passed twice (a review measured 650 k too
     * many after 65 ended threads of 10 k keys each), and the engines kept such a reading as their
     * mark until the next rebuild.
     */
    private void forget(Unused u) {
        // Cold: once per ended thread, found when a thread registers (its first new key) or at the cap.
        synchronized (folding) {
            if (holders.remove(u)) {
                createdByEnded += u.created(); // final: its owner ended
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
        Unused mine = unused.get();
        mine.created(-1);
        if (mine.count >= CHUNK - 1) {
            reserved.decrementAndGet(); // keep at most CHUNK - 1 per thread, as documented
        } else {
            mine.add(1);
        }
    }

    /** Releases the record of an evicted key. */
    void release() {
        released.incrementAndGet();
        reserved.decrementAndGet();
    }

    /** Live records: exact while no key is created or evicted, otherwise off by those in progress. */
    long live() {
        return created() - released.get();
    }

    /**
     * Records created so far, less those given back unused; never decreases by an eviction. The
     * engines count new keys between two rebuilds as the difference of two readings, which
     * concurrent creations can make a little off, or negative: they clamp it at 0.
     */
    long created() {
        // Read by the maintenance thread, and by a /metrics scrape or stats() on an event loop; held
        // for a sum over one slot per thread that created keys.
        synchronized (folding) {
            long sum = createdByEnded;
            for (Unused u : holders) {
                sum += u.created();
            }
            return sum;
        }
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
