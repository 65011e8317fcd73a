package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlidingWindowRecordTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldNeverMoveTheWindowBackForALateClockReading() {
        SlidingWindowRecord record = new SlidingWindowRecord(KeyBuffer.of(new byte[] {'k'}), 1);
        long windowTwo = 2 * SECOND + 1;
        for (int i = 0; i < 6; i++) {
            assertEquals(Outcome.OK, record.take(Algorithm.SLIDING_WINDOW, windowTwo, 0, 10, SECOND, 1, null));
        }
        // A request that read the clock in window 1, just before the others moved on: it is
        // counted in window 2, at its start, not allowed to reset the counts to window 1's.
        Verdict v = new Verdict();
        assertEquals(Outcome.OK, record.take(Algorithm.SLIDING_WINDOW, 2 * SECOND - 1, 0, 10, SECOND, 1, v));
        assertEquals(3, v.remaining());
        int more = 0;
        while (record.take(Algorithm.SLIDING_WINDOW, windowTwo, 0, 10, SECOND, 1, null) == Outcome.OK) {
            more++;
        }
        assertEquals(3, more, "10 in window 2 in all");
    }
    /** The verdict of one request of {@code hits} hits, checked for sane, non-negative figures. */
    private static Verdict take(SlidingWindowRecord record, long wall, long capacity, long interval, long hits) {
        Verdict v = new Verdict();
        record.take(Algorithm.SLIDING_WINDOW, wall, 0, capacity, interval, hits, v);
        assertTrue(v.remaining() >= 0 && v.remaining() <= capacity, v.toString());
        assertTrue(v.resetAfterNanos() >= 0 && v.resetAfterNanos() <= 2 * interval, v.toString());
        assertTrue(v.retryAfterNanos() >= 0 && v.retryAfterNanos() <= 2 * interval, v.toString());
        return v;
    }

    /**
     * The parameters follow the latest request: after the interval changes, the hits counted under
     * the old one still count (never more admitted than they allow) and every figure stays sane
     * (the old window index read on the new grid overflowed into negative times).
     */
    @Test
    void shouldKeepCountingAcrossAnIntervalChange() {
        long wall = 1_795_891_356L * SECOND + 123_456_789L; // an instant of 2026
        for (long[] change : new long[][] {{SECOND, 60 * SECOND}, {SECOND, 2 * SECOND}, {60 * SECOND, SECOND},
                {SECOND, (long) Integer.MAX_VALUE * SECOND}, {7 * SECOND, 3 * SECOND}}) {
            SlidingWindowRecord record = new SlidingWindowRecord(KeyBuffer.of(new byte[] {'k'}), 1);
            assertEquals(Outcome.OK, take(record, wall, 1, change[0], 1).outcome());
            Verdict v = take(record, wall + 1, 1, change[1], 1);
            assertEquals(Outcome.LIMITED, v.outcome(), "the hit a nanosecond ago still counts: " + change[1]);
            assertTrue(v.retryAfterNanos() > 0, v.toString());
            long passesAt = wall + 1 + v.retryAfterNanos();
            assertEquals(Outcome.LIMITED, take(record, passesAt - 1, 1, change[1], 1).outcome(), "not before Retry-After");
            assertEquals(Outcome.OK, take(record, passesAt, 1, change[1], 1).outcome(), "at Retry-After");
        }
    }
    /**
     * Refusals after an interval change keep the record as long as the new windows count its hits:
     * evicted by the old, shorter window's end, a fresh record would admit them all again (I2).
     */
    @Test
    void shouldNotBeForgottenWhileTheNewWindowsCountItsHits() {
        long wall = 1_795_891_356L * SECOND;
        SlidingWindowRecord record = new SlidingWindowRecord(KeyBuffer.of(new byte[] {'k'}), 1);
        for (int i = 0; i < 10; i++) {
            assertEquals(Outcome.OK, record.take(Algorithm.SLIDING_WINDOW, wall + SECOND / 2, 0, 10, SECOND, 1, null));
        }
        assertEquals(Outcome.LIMITED, take(record, wall + SECOND / 2 + 1, 10, 60 * SECOND, 1).outcome());
        assertTrue(!record.killIfForgettable(wall + 3 * SECOND), "the 1 s windows are over, the 60 s one is not");
        assertEquals(Outcome.LIMITED, take(record, wall + 3 * SECOND, 10, 60 * SECOND, 1).outcome());
        assertTrue(record.killIfForgettable(wall + 121 * SECOND), "forgotten once both 60 s windows are over");
    }
}
