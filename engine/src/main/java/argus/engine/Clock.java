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

    /** {@link System#nanoTime()} re-based so the first reading is 1 (vDSO, no syscall). */
    static Clock system() {
        long origin = System.nanoTime() - 1;
        return () -> System.nanoTime() - origin;
    }
}
