package argus.engine;

class HashEngineTest extends RateLimiterContract {

    @Override
    RateLimiter create(Clock clock, EngineConfig config) {
        return new HashEngine(clock, config, RebuildListener.NONE);
    }

    @Override
    void evictNow(RateLimiter limiter) {
        ((HashEngine) limiter).forceSweep();
    }
}
