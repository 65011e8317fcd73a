package argus.loadtest.engine;

import argus.engine.Clock;
import argus.engine.Outcome;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The ordered baseline the BST engine has to beat: the JDK's lock-free skip list. */
final class SkipListBaseline implements Limiter {

    private final Clock clock;
    private final ConcurrentSkipListMap<KeyBytes, AtomicLong> map = new ConcurrentSkipListMap<>(KeyBytes.ORDER);

    SkipListBaseline(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Outcome acquire(KeyProbe key) {
        long now = clock.nanos();
        AtomicLong tat = map.get(key);
        if (tat == null) {
            AtomicLong fresh = new AtomicLong();
            AtomicLong prior = map.putIfAbsent(StoredKey.copyOf(key), fresh);
            tat = prior == null ? fresh : prior;
        }
        return BaselineBucket.take(tat, now, key.capacity(), key.intervalNanos());
    }
}
