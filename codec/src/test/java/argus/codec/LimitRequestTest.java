package argus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import argus.engine.KeyBuffer;
import org.junit.jupiter.api.Test;

class LimitRequestTest {

    private final LimitRequest request = new LimitRequest(new KeyBuffer(16));

    @Test
    void shouldComputeIntervalNanosExactlyForEveryUnit() {
        request.interval(250);
        request.unit(Unit.MS);
        assertEquals(250_000_000L, request.intervalNanos());
        request.unit(Unit.US);
        assertEquals(250_000L, request.intervalNanos());
    }

    @Test
    void shouldNotOverflowIntervalNanosForLargestIntervalInSeconds() {
        request.interval(Integer.MAX_VALUE);
        request.unit(Unit.S);
        assertEquals(2_147_483_647_000_000_000L, request.intervalNanos());
    }
}
