package argus.loadtest.engine;

import argus.engine.Clock;
import argus.engine.Outcome;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The baseline the hash engine is held to: the JDK's {@link ConcurrentHashMap}. */
final class HashMapBaseline implements Limiter {

    private final Clock clock;
    private final ConcurrentHashMap<StoredKey, AtomicLong> map = new ConcurrentHashMap<>();

    HashMapBaseline(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Outcome acquire(KeyProbe key) {
        long now = clock.nanos();
        AtomicLong tat = map.get(key); // the probe's equals and hashCode match the stored keys'
        if (tat == null) {
            AtomicLong fresh = new AtomicLong();
            AtomicLong prior = map.putIfAbsent(StoredKey.copyOf(key), fresh);
            tat = prior == null ? fresh : prior;
        }
        return BaselineBucket.take(tat, now, key.capacity(), key.intervalNanos());
    }
}
