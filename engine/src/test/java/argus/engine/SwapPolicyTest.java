package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SwapPolicyTest {

    private final SwapPolicy policy = SwapPolicy.defaults();

    @Test
    void shouldWaitWhenNothingCallsForARebuild() {
        assertNull(policy.decide(10_000, 1_000_000, 10_000, 10, 1000, 1000 * 14, false, 1_000));
    }

    @Test
    void shouldNeverRebuildSoonerThanTheMinimumInterval() {
        assertNull(policy.decide(999_999, 1_000_000, 0, 999_999, 0, 0, true, 10));
    }

    @Test
    void shouldRebuildUnderPressure() {
        assertEquals(SwapPolicy.Reason.PRESSURE, policy.decide(900_000, 1_000_000, 0, 0, 0, 0, false, 100));
        assertEquals(SwapPolicy.Reason.PRESSURE, policy.decide(10, 1_000_000, 0, 0, 0, 0, true, 100));
    }

    @Test
    void shouldRebuildWhenSampledDepthFarExceedsLogN() {
        // log2(1024) = 10: the bound is 2 * 10 + 2 = 22.
        assertNull(policy.decide(1023, 1_000_000, 1023, 0, 100, 100 * 22, false, 100));
        assertEquals(SwapPolicy.Reason.DEPTH, policy.decide(1023, 1_000_000, 1023, 0, 100, 100 * 23, false, 100));
    }

    @Test
    void shouldRebuildWhenTheAnnexOutgrowsItsShare() {
        assertNull(policy.decide(14_000, 1_000_000, 10_000, 4_000, 0, 0, false, 100));
        assertEquals(SwapPolicy.Reason.ANNEX, policy.decide(16_000, 1_000_000, 10_000, 6_000, 0, 0, false, 100));
    }

    @Test
    void shouldRebuildForAgeOnlyWhenThereAreKeys() {
        assertEquals(SwapPolicy.Reason.AGE, policy.decide(5, 1_000_000, 5, 0, 0, 0, false, 5_000));
        assertNull(policy.decide(0, 1_000_000, 0, 0, 0, 0, false, 60_000));
    }
}
