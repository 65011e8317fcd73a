package argus.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import argus.engine.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every structure the benchmarks drive can be made, loaded and asked, as a benchmark fork does
 * (a configuration the engines refuse would fail every fork, not a test).
 */
class LimiterKindTest {

    @ParameterizedTest
    @EnumSource(LimiterKind.class)
    void shouldCreateLoadAndAnswerEveryKind(LimiterKind kind) {
        KeyTable table = new KeyTable(100, ExistingKeyBenchmark.SEED);
        try (Limiter limiter = kind.create()) {
            table.loadInto(limiter);
            KeyProbe probe = new KeyProbe();
            table.copyInto(42, probe);
            assertEquals(Outcome.OK, limiter.acquire(probe), "a loaded key, far from its budget");
            new NewKeySource(0, 1).nextInto(probe);
            assertEquals(Outcome.OK, limiter.acquire(probe), "a new key");
        }
    }
}
