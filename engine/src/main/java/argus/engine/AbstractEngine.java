package argus.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What both engines share: the request path around the key's record (tagging the key with its
 * algorithm, storing a new key's record only when the request changes it, reading the clock
 * after the lookup and the store, retrying when a record dies under us), the live-key budget, and the one background
 * thread that maintains the structure (rebuilds or sweeps) with its counters.
 *
 * <p>Subclasses say how records are found and stored ({@link #find}, {@link #store}) and what
 * maintenance is due and does ({@link #due}, {@link #maintain}); both maintenance methods run on
 * the background thread only.
 */
abstract class AbstractEngine implements RateLimiter {

    /** Share of the background thread's time maintenance may use; see {@link Pacer}. */
    private static final double MAINTENANCE_DUTY = 0.25;

    final Clock clock;
    final EngineConfig config;
    final KeyBudget budget;
    private final long wallOffset;
    private final RebuildListener listener;
    private final ScheduledExecutorService maintenance;
    /** Set while a {@link #wake} is queued, so that request threads asking at once queue one between them. */
    private final AtomicBoolean woken = new AtomicBoolean();

    // Written by the background thread only; read by stats().
    private volatile long runs;
    private volatile long lastRunNanos;
    private volatile SwapPolicy.Reason lastReason;
    private volatile long lastRunAt = System.nanoTime();
    private volatile long evicted;
    /** After pressure runs that freed almost nothing, how long to wait before the next one (background thread only). */
    private long pressureBackoffMillis;

    AbstractEngine(Clock clock, EngineConfig config, RebuildListener listener, String threadName) {
        this.clock = clock;
        this.config = config;
        this.listener = listener;
        this.wallOffset = clock.wallOffsetNanos();
        this.budget = new KeyBudget(config.maxKeys());
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the background thread's ticks. Each engine calls it as the last statement of its
     * constructor, never this class's: a tick started here would run {@link #due} on the
     * background thread while the subclass's fields were still being initialised (seen: a
     * NullPointerException from the first tick, now and then at startup).
     */
    final void startMaintenance() {
        maintenance.scheduleWithFixedDelay(this::tick, config.tickMillis(), config.tickMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The outcome, with a refusal of more hits than the capacity marked as such in the verdict:
     * each algorithm computes a retry time for it (its debt, its window's end) that no wait honours.
     */
    private static Outcome finish(Outcome outcome, long capacity, long hits, Verdict verdict) {
        if (hits > capacity && verdict != null) {
            verdict.never();
        }
        return outcome;
    }

    @Override
    public final Outcome acquire(KeyBuffer key, Algorithm algorithm, long capacity, long intervalNanos, long hits,
                                 Verdict verdict) {
        Bucket.checkParameters(capacity, intervalNanos, hits);
        int length = key.tag(algorithm);
        try {
            long hash = key.hash();
            while (true) {
                KeyRecord record = find(hash, key);
                if (record == null) {
                    if (hits == 0 || hits > capacity) {
                        // A report, or a request no bucket can grant: it leaves a fresh record as it
                        // is, so a new key is answered from one and nothing is stored.
                        return finish(KeyRecord.fresh(algorithm, null, hash) // no key: never stored
                                .take(algorithm, clock.nanos(), wallOffset, capacity, intervalNanos, hits, verdict),
                                capacity, hits, verdict);
                    }
                    if (!budget.tryReserve()) {
                        return Outcome.FULL;
                    }
                    KeyRecord fresh = KeyRecord.fresh(algorithm, key, hash);
                    record = store(hash, key, fresh);
                    if (record != fresh) {
                        budget.unreserve(); // another thread created the key first: its record answers
                    }
                }
                // The clock is read after the lookup and the store, never before: when the key had
                // a record that was evicted, the walk that missed it or stored past it saw the
                // eviction (the dead record, or a slot sealed after it), so this reading comes after
                // it, and the old record could be forgotten by then: a fresh record started from
                // this reading never grants more than the old one would have (I2). A reading taken
                // before the store could predate an eviction that happens while this thread stalls.
                long now = clock.nanos();
                Outcome outcome = record.take(algorithm, now, wallOffset, capacity, intervalNanos, hits, verdict);
                if (outcome != null) {
                    return finish(outcome, capacity, hits, verdict);
                }
                forget(key, record); // evicted under us: look the key up again
            }
        } finally {
            key.untag(length);
            key.clearMiss(); // a miss hint pins the view it was found in
        }
    }

    /** The key's live record, or null. Any thread; must not block. */
    abstract KeyRecord find(long hash, KeyBuffer key);

    /** Stores {@code fresh} unless the key has a live record; returns whichever record now holds the key. */
    abstract KeyRecord store(long hash, KeyBuffer key, KeyRecord fresh);

    /** A record of {@code key} was found dead; a structure that keeps dead records may drop it now. */
    void forget(KeyBuffer key, KeyRecord dead) {
    }

    /** The reason maintenance is due now, or null; {@code sinceMillis} since the last run. */
    abstract SwapPolicy.Reason due(long sinceMillis);

    /** Runs maintenance; returns how many records it evicted. */
    abstract long maintain(SwapPolicy.Reason reason);

    /**
     * Rebuilds of at most this many records run unpaced when new keys pile up: at full speed one
     * takes about 60 ms of CPU (a 1 M-key rebuild measured 190-260 ms), short enough not to hold
     * back the event loops for long. A larger one is paced even then: run back to back unpaced at
     * 1 M keys, rebuilds left 2 acquiring threads 0.60-0.63 of their throughput, against 0.80-0.88
     * paced (RebuildImpactBenchmark -t 2, in a review).
     */
    static final long UNPACED_FLOOD_RECORDS = 1 << 18;

    /**
     * Paces a maintenance scan of about {@code records} records, except under key pressure, when
     * evicting fast frees keys for new clients, and when new keys are piling up (ANNEX, CHURN) in
     * a structure of at most {@link #UNPACED_FLOOD_RECORDS}: then every millisecond the scan rests
     * keeps each record of the flood reachable a millisecond longer, and under a flood those
     * records are the young collections' survivors (measured, pipelined random keys, about 25 k
     * live: 4 alternated rounds of 5 s, 444-467 k req/s unpaced against 389-425 k paced, server
     * CPU per request 2.2-2.3 µs against 2.4-2.8 µs).
     */
    static Pacer pacerFor(SwapPolicy.Reason reason, long records) {
        boolean flood = reason == SwapPolicy.Reason.ANNEX || reason == SwapPolicy.Reason.CHURN;
        boolean urgent = reason == SwapPolicy.Reason.PRESSURE || flood && records <= UNPACED_FLOOD_RECORDS;
        return new Pacer(urgent ? 1 : MAINTENANCE_DUTY);
    }

    /** Average sampled search depth, for stats; 0 where the structure has no depth. */
    double averageDepth() {
        return 0;
    }

    /**
     * Asks the background thread to look at once rather than at its next tick: for a table that
     * must grow now. Never waits. Queuing the task allocates it and takes the executor's queue lock
     * for an instant: a request thread does it about twice per growth of the table (once to start
     * the copy, once more while it runs), and otherwise reads one flag.
     */
    final void wake() {
        if (!woken.get() && woken.compareAndSet(false, true)) {
            try {
                maintenance.execute(() -> {
                    woken.set(false);
                    tick();
                });
            } catch (RejectedExecutionException closed) {
                // the engine is closing: no more maintenance to ask for
            }
        }
    }

    private void tick() {
        try {
            long sinceMillis = (System.nanoTime() - lastRunAt) / 1_000_000;
            SwapPolicy.Reason reason = due(sinceMillis);
            if (reason == SwapPolicy.Reason.PRESSURE && sinceMillis < pressureBackoffMillis) {
                return; // the last pressure runs found nothing to evict: a full scan every tick would only burn CPU
            }
            if (reason != null) {
                run(reason);
            }
        } catch (RuntimeException | Error e) {
            listener.failed(e); // an escaping exception would cancel the schedule for good
        }
    }

    private void run(SwapPolicy.Reason reason) {
        long start = System.nanoTime();
        long dropped = maintain(reason);
        long duration = System.nanoTime() - start;
        lastRunNanos = duration;
        lastReason = reason;
        lastRunAt = System.nanoTime();
        evicted += dropped;
        runs++;
        if (reason == SwapPolicy.Reason.PRESSURE) {
            boolean freedLittle = dropped * 100 < budget.live();
            pressureBackoffMillis = freedLittle
                    ? Math.min(Math.max(2 * pressureBackoffMillis, 2 * config.policy().minIntervalMillis() + 1),
                            config.policy().maxAgeMillis())
                    : 0;
        }
        listener.rebuilt(reason, duration, budget.live(), dropped);
    }

    /**
     * Runs maintenance on the background thread now and waits for it; for tests and admin tools,
     * never for an event loop.
     */
    void runNow() {
        Future<?> done = maintenance.submit(() -> run(SwapPolicy.Reason.FORCED));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for maintenance", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("maintenance failed", e.getCause());
        }
    }

    @Override
    public EngineStats stats() {
        return new EngineStats(budget.live(), runs, lastRunNanos, lastReason, averageDepth(), evicted);
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        try {
            if (!maintenance.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("maintenance thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
