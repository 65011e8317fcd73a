package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
