package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BucketTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long NOW = 5 * SECOND;

    /** Takes tokens at {@code now} until refused; returns how many were granted and leaves the TAT in state[0]. */
    private static long drain(long[] state, long now, long capacity, long interval) {
        long granted = 0;
        while (true) {
            long next = Bucket.take(state[0], now, capacity, interval);
            if (next == Bucket.REJECTED) {
                return granted;
            }
            state[0] = next;
            granted++;
        }
    }

    @Test
    void shouldGrantExactlyCapacityInABurst() {
        long[] state = {0};
        assertEquals(1000, drain(state, NOW, 1000, 60 * SECOND));
    }

    @Test
    void shouldRefillOneTokenPerEmissionInterval() {
        long[] state = {0};
        drain(state, NOW, 10, SECOND);
        assertEquals(0, drain(state, NOW + 100_000_000L - 1, 10, SECOND));
        assertEquals(1, drain(state, NOW + 100_000_000L, 10, SECOND));
    }

    @Test
    void shouldKeepFractionalRefillBetweenRequests() {
        long[] state = {0};
        drain(state, NOW, 10, SECOND);
        // Three partial waits of 40 ms add up to 1.2 tokens: one token, and 0.2 carried over.
        long t = NOW;
        long granted = 0;
        for (int i = 0; i < 3; i++) {
            t += 40_000_000L;
            granted += drain(state, t, 10, SECOND);
        }
        assertEquals(1, granted);
        assertEquals(1, drain(state, t + 80_000_000L, 10, SECOND));
    }

    @Test
    void shouldNotDriftWhenCapacityDividesTheInterval() {
        long[] state = {0};
        long t = NOW;
        long granted = drain(state, t, 1000, 60 * SECOND);
        for (int i = 0; i < 600; i++) {
            t += 100_000_000L;
            granted += drain(state, t, 1000, 60 * SECOND);
        }
        // 60 s of refill at 1000 per minute plus the burst: exactly 2000.
        assertEquals(2000, granted);
    }

    @Test
    void shouldRoundAwkwardRatesDownByLessThanOneNanosecondPerToken() {
        long[] state = {0};
        long capacity = 3;
        long interval = SECOND; // 1/3 s is not a whole number of nanoseconds: T rounds up to 333,333,334
        long t = NOW;
        long granted = drain(state, t, capacity, interval);
        for (int i = 0; i < 3_000; i++) {
            t += 1_000_000L;
            granted += drain(state, t, capacity, interval);
        }
        // The ideal is 3 + 9 = 12 at exactly 3 s; rounding up never admits more, and the 9th
        // refilled token is late by 9 ns at most.
        assertEquals(11, granted);
        assertEquals(1, drain(state, t + 9, capacity, interval));
    }

    @Test
    void shouldBeFullAgainExactlyWhenTatIsReached() {
        long[] state = {0};
        drain(state, NOW, 4, SECOND);
        assertEquals(NOW + SECOND, state[0]);
        assertEquals(3, Bucket.available(state[0], NOW + SECOND - 1, 4, SECOND));
        assertEquals(4, Bucket.available(state[0], NOW + SECOND, 4, SECOND));
    }

    @Test
    void shouldCarryTimeDebtAcrossParameterChanges() {
        long[] state = {0};
        drain(state, NOW, 10, SECOND); // empty: full again in 1 s
        assertEquals(0, drain(state, NOW, 100, SECOND));
        long[] half = {0};
        for (int i = 0; i < 5; i++) {
            half[0] = Bucket.take(half[0], NOW, 10, SECOND);
        }
        assertEquals(50, drain(half, NOW, 100, SECOND));
        long[] shrunk = {0};
        for (int i = 0; i < 5; i++) {
            shrunk[0] = Bucket.take(shrunk[0], NOW, 10, SECOND);
        }
        assertEquals(0, drain(shrunk, NOW, 2, 100_000_000L));
    }

    @Test
    void shouldStayExactAtExtremeCapacityAndInterval() {
        long interval = Integer.MAX_VALUE * SECOND;
        long[] state = {0};
        long capacity = interval; // one token per nanosecond: the finest rate accepted
        long next = Bucket.take(state[0], NOW, capacity, interval);
        assertNotEquals(Bucket.REJECTED, next);
        assertEquals(NOW + 1, next);
        assertEquals(capacity - 1, Bucket.available(next, NOW, capacity, interval));

        long[] one = {0};
        assertEquals(1, drain(one, NOW, 1, interval));
        assertEquals(NOW + interval, one[0]);
        assertTrue(one[0] > 0, "no overflow");
        assertEquals(1, drain(one, NOW + interval, 1, interval));
    }

    @Test
    void shouldRefuseRatesAboveOneTokenPerNanosecond() {
        assertThrows(IllegalArgumentException.class, () -> Bucket.checkParameters(11, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Bucket.checkParameters(0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Bucket.checkParameters(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Bucket.checkParameters(1, 10, -1));
    }
}
