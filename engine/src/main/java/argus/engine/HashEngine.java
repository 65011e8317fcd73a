package argus.engine;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import org.jctools.maps.NonBlockingHashMap;

/**
 * The hash-table engine ({@code ENGINE=hash}): the same buckets and records as {@link BstEngine},
 * kept in JCTools' lock-free {@link NonBlockingHashMap} instead of trees.
 *
 * <p>Request path: probe the map with the request's {@link KeyBuffer} itself (it is equal to the
 * stored {@link HashKey} with the same bytes), so an existing key costs no allocation; a new key
 * is stored with {@code putIfAbsent}, whose single winner creates the key's only record (I1). A
 * record found dead (evicted under us) is removed from the map, value-matched so only that dead
 * record goes, and the lookup starts again.
 *
 * <p>Eviction: one thread, "argus-evict", sweeps the map every {@code maxAgeMillis} (sooner when
 * the cap refuses a key), kills expired records by CAS and removes them. A swept map needs no
 * rebuild or swap; the swap policy's depth and annex rules do not apply here.
 */
public final class HashEngine implements RateLimiter {

    private final Clock clock;
    private final long wallOffset;
    private final EngineConfig config;
    private final RebuildListener listener;
    private final KeyBudget budget;
    private final NonBlockingHashMap<HashKey, KeyRecord> map = new NonBlockingHashMap<>();
    private final ScheduledExecutorService evictor;

    private volatile long sweeps;
    private volatile long lastSweepNanos;
    private volatile SwapPolicy.Reason lastReason;
    private volatile long lastSweepAt = System.nanoTime();
    private volatile long evicted;

    public HashEngine(Clock clock, EngineConfig config, RebuildListener listener) {
        this.clock = clock;
        this.wallOffset = clock.wallOffsetNanos();
        this.config = config;
        this.listener = listener;
        this.budget = new KeyBudget(config.maxKeys());
        this.evictor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "argus-evict");
            t.setDaemon(true);
            return t;
        });
        evictor.scheduleWithFixedDelay(this::tick, config.tickMillis(), config.tickMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Outcome acquire(KeyBuffer key, Algorithm algorithm, long capacity, long intervalNanos, long hits,
                           Verdict verdict) {
        Bucket.checkParameters(capacity, intervalNanos, hits);
        int length = key.tag(algorithm);
        try {
            while (true) {
                long now = clock.nanos();
                KeyRecord record = map.get(key);
                if (record == null) {
                    // A new key: answer from a fresh record, and store it only if the answer changed it.
                    long hash = key.hash();
                    KeyRecord fresh = KeyRecord.fresh(algorithm, key.copy(), hash);
                    Outcome outcome = fresh.take(algorithm, now, wallOffset, capacity, intervalNanos, hits, verdict);
                    if (fresh.isFresh()) {
                        return outcome;
                    }
                    if (!budget.tryReserve()) {
                        return Outcome.FULL;
                    }
                    record = map.putIfAbsent(new HashKey(fresh.key, hash), fresh);
                    if (record == null) {
                        return outcome;
                    }
                    budget.release(); // another thread created the key first: answer from its record
                }
                Outcome outcome = record.take(algorithm, now, wallOffset, capacity, intervalNanos, hits, verdict);
                if (outcome != null) {
                    return outcome;
                }
                map.remove(key, record); // dead: help the evictor, then look again
            }
        } finally {
            key.untag(length);
        }
    }

    private void tick() {
        try {
            long sinceMillis = (System.nanoTime() - lastSweepAt) / 1_000_000;
            SwapPolicy policy = config.policy();
            if (sinceMillis < policy.minIntervalMillis()) {
                return;
            }
            if (budget.refusedSinceLastCheck() || budget.live() >= policy.pressureShare() * budget.max()) {
                sweep(SwapPolicy.Reason.PRESSURE);
            } else if (budget.live() > 0 && sinceMillis >= policy.maxAgeMillis()) {
                sweep(SwapPolicy.Reason.AGE);
            }
        } catch (RuntimeException | Error e) {
            listener.failed(e);
        }
    }

    private void sweep(SwapPolicy.Reason reason) {
        long start = System.nanoTime();
        budget.clearRefused();
        long now = clock.nanos();
        long dropped = 0;
        for (Map.Entry<HashKey, KeyRecord> entry : map.entrySet()) {
            KeyRecord record = entry.getValue();
            if (record.killIfForgettable(now)) {
                budget.release();
                dropped++;
            }
            if (record.isDead()) {
                map.remove(entry.getKey(), record);
            }
        }
        long duration = System.nanoTime() - start;
        lastSweepNanos = duration;
        lastReason = reason;
        lastSweepAt = System.nanoTime();
        evicted += dropped;
        sweeps++;
        listener.rebuilt(reason, duration, budget.live(), dropped);
    }

    /** Sweeps on the eviction thread now and waits; for tests and admin tools. */
    public void forceSweep() {
        Future<?> done = evictor.submit(() -> sweep(SwapPolicy.Reason.FORCED));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sweep", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sweep failed", e.getCause());
        }
    }

    @Override
    public EngineStats stats() {
        return new EngineStats(budget.live(), sweeps, lastSweepNanos, lastReason, 0, evicted);
    }

    @Override
    public void close() {
        evictor.shutdownNow();
        try {
            if (!evictor.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("eviction thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
