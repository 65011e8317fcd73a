package argus.engine;

/**
 * The engine's time source, in nanoseconds. Injected so tests can drive time by hand.
 *
 * <p>Readings must be monotonic and at least 1: {@link KeyRecord#DEAD} and the zero "full bucket"
 * state sit below every reading.
 */
@FunctionalInterface
public interface Clock {

    long nanos();

    /**
     * Added to a reading, gives nanoseconds since the UTC epoch: windows are aligned to the wall
     * clock, while durations stay on the monotonic clock. Fixed at start.
     */
    default long wallOffsetNanos() {
        return 0;
    }

    /** {@link System#nanoTime()} re-based so the first reading is 1 (vDSO, no syscall). */
    static Clock system() {
        long origin = System.nanoTime() - 1;
        long offset = System.currentTimeMillis() * 1_000_000L - 1;
        return new Clock() {
            @Override
            public long nanos() {
                return System.nanoTime() - origin;
            }

            @Override
            public long wallOffsetNanos() {
                return offset;
            }
        };
    }
}
