package argus.engine;

/** Told about every rebuild, on the rebuild thread; the server logs these at debug level. */
@FunctionalInterface
public interface RebuildListener {

    RebuildListener NONE = (reason, nanos, keys, evicted) -> { };

    void rebuilt(SwapPolicy.Reason reason, long durationNanos, long keys, long evicted);

    /** A rebuild threw; the engine goes on serving from the last published tree and retries later. */
    default void failed(Throwable error) {
    }
}
