package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FixedWindowRecordTest {

    private static final long SECOND = 1_000_000_000L;
    /** An instant of 2026, a whole second. */
    private static final long WALL = 1_795_891_356L * SECOND;

    private static Verdict take(FixedWindowRecord record, long now, long capacity, long interval) {
        Verdict v = new Verdict();
        record.take(Algorithm.FIXED_WINDOW, now, 0, capacity, interval, 1, v);
        return v;
    }

    /**
     * After the interval grows, the hits of the old window hold the key until that window ends,
     * and the refusal says so: not the end of the new, far longer window (Retry-After of 11
     * years for a wait of under a second), and without waiting for the record to be evicted.
     */
    @Test
    void shouldTellTheRealWaitWhenTheIntervalGrows() {
        FixedWindowRecord record = new FixedWindowRecord(KeyBuffer.of(new byte[] {'k'}), 1);
        long now = WALL + SECOND / 4;
        assertEquals(Outcome.OK, take(record, now, 1, SECOND).outcome());
        long longer = (long) Integer.MAX_VALUE * SECOND;
        Verdict refused = take(record, now + 1, 1, longer);
        assertEquals(Outcome.LIMITED, refused.outcome(), "the hit of the running window still counts");
        assertEquals(3 * SECOND / 4 - 1, refused.retryAfterNanos(), "until the old window's end");
        assertEquals(Outcome.LIMITED, take(record, WALL + SECOND - 1, 1, longer).outcome());
        Verdict passes = take(record, WALL + SECOND, 1, longer);
        assertEquals(Outcome.OK, passes.outcome(), "at the old window's end");
        assertEquals(Outcome.LIMITED, take(record, WALL + 2 * SECOND, 1, longer).outcome(),
                "then the longer window counts");
    }

    @Test
    void shouldRefuseUntilTheEndOfAFullWindow() {
        FixedWindowRecord record = new FixedWindowRecord(KeyBuffer.of(new byte[] {'k'}), 1);
        assertEquals(Outcome.OK, take(record, WALL, 2, SECOND).outcome());
        assertEquals(Outcome.OK, take(record, WALL + 1, 2, SECOND).outcome());
        Verdict refused = take(record, WALL + SECOND / 2, 2, SECOND);
        assertEquals(Outcome.LIMITED, refused.outcome());
        assertEquals(SECOND / 2, refused.retryAfterNanos());
        assertTrue(take(record, WALL + SECOND, 2, SECOND).outcome() == Outcome.OK);
    }
}
