package argus.loadtest.engine;

import argus.engine.Outcome;
import argus.engine.RateLimiter;

/** An Argus engine behind the benchmark's {@link Limiter}: the request path the server uses. */
final class EngineLimiter implements Limiter {

    private final RateLimiter engine;
    private final Runnable settle;

    EngineLimiter(RateLimiter engine, Runnable settle) {
        this.engine = engine;
        this.settle = settle;
    }

    @Override
    public Outcome acquire(KeyProbe key) {
        return engine.acquire(key.buffer(), key.capacity(), key.intervalNanos());
    }

    @Override
    public void settle() {
        settle.run();
    }

    @Override
    public void close() {
        engine.close();
    }
}
