package argus.engine;

import java.util.Map;
import org.jctools.maps.NonBlockingHashMap;

/**
 * The hash-table engine ({@code ENGINE=hash}): the same records as {@link BstEngine}, kept in
 * JCTools' lock-free {@link NonBlockingHashMap} instead of trees.
 *
 * <p>Request path: probe the map with the request's {@link KeyBuffer} itself (it is equal to the
 * stored record with the same bytes), so an existing key costs no allocation; a new key's record
 * is stored with {@code putIfAbsent} as its own key (records are equal by key bytes, so no key
 * object is made), and the single winner creates the key's only record (I1). When a key comes
 * back after its record was evicted, the map keeps the old record as the key of the new one (a
 * map keeps a slot's first key object) until it resizes; only equality is asked of it. A
 * record found dead (evicted under us) is removed from the map, value-matched so only that dead
 * record goes, and the lookup starts again.
 *
 * <p>Eviction: one thread, "argus-evict", sweeps the map every {@code maxAgeMillis} (sooner when
 * the cap refuses a key or nears it), kills forgettable records by CAS and removes them. A swept
 * map needs no rebuild or swap; the swap policy's depth and annex rules do not apply here.
 */
public final class HashEngine extends AbstractEngine {

    private final NonBlockingHashMap<KeyRecord, KeyRecord> map = new NonBlockingHashMap<>();

    public HashEngine(Clock clock, EngineConfig config, RebuildListener listener) {
        super(clock, config, listener, "argus-evict");
    }

    @Override
    KeyRecord find(long hash, KeyBuffer key) {
        return map.get(key);
    }

    @Override
    KeyRecord store(long hash, KeyBuffer key, KeyRecord fresh) {
        KeyRecord existing = map.putIfAbsent(fresh, fresh);
        return existing == null ? fresh : existing;
    }

    @Override
    void forget(KeyBuffer key, KeyRecord dead) {
        map.remove(key, dead); // help the evictor: the next lookup must not find it again
    }

    @Override
    SwapPolicy.Reason due(long sinceMillis) {
        SwapPolicy policy = config.policy();
        if (sinceMillis < policy.minIntervalMillis()) {
            return null;
        }
        if (budget.refusedSinceLastCheck() || budget.live() >= policy.pressureShare() * budget.max()) {
            return SwapPolicy.Reason.PRESSURE;
        }
        return budget.live() > 0 && sinceMillis >= policy.maxAgeMillis() ? SwapPolicy.Reason.AGE : null;
    }

    @Override
    long maintain(SwapPolicy.Reason reason) {
        budget.clearRefused();
        long now = clock.nanos();
        long dropped = 0;
        Pacer pacer = pacerFor(reason);
        for (Map.Entry<KeyRecord, KeyRecord> entry : map.entrySet()) {
            pacer.step();
            KeyRecord record = entry.getValue();
            if (record.killIfForgettable(now)) {
                budget.release();
                dropped++;
            }
            if (record.isDead()) {
                map.remove(entry.getKey(), record);
            }
        }
        return dropped;
    }

    /** Sweeps on the eviction thread now and waits; for tests and admin tools. */
    public void forceSweep() {
        runNow();
    }
}
