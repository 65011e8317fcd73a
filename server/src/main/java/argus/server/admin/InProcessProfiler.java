package argus.server.admin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import one.profiler.AsyncProfiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles this JVM with the in-process async-profiler, one profile at a time.
 *
 * <p>A profile mostly sleeps for its duration, which no event loop may do, so it runs on one named
 * daemon thread, {@value #THREAD_NAME}. {@link #profile} is called from an event loop: it only flips
 * the busy flag and hands the work over.
 */
public final class InProcessProfiler implements AutoCloseable {

    static final String THREAD_NAME = "argus-profiler";

    private static final Logger LOG = LoggerFactory.getLogger(InProcessProfiler.class);
    /** async-profiler's own message when asked to start while running (from us or an attached agent). */
    private static final String ALREADY_STARTED = "Profiler already started";

    private final AtomicBoolean busy = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true); // a profile in progress must not hold the JVM up at shutdown
        return t;
    });

    /**
     * Starts a profile; the future completes with the flame graph after {@code request.seconds()}, or
     * with {@link ProfilerBusyException} when a profile is running already.
     */
    public CompletableFuture<FlameGraph> profile(ProfileRequest request) {
        CompletableFuture<FlameGraph> result = new CompletableFuture<>();
        // Acquire/release on the flag: whoever wins owns the profiler until the task clears it.
        if (!busy.compareAndSet(false, true)) {
            result.completeExceptionally(new ProfilerBusyException("a profile is already running; try again later"));
            return result;
        }
        try {
            thread.execute(() -> {
                try {
                    result.complete(run(request));
                } catch (Exception e) {
                    result.completeExceptionally(e);
                } finally {
                    busy.set(false);
                }
            });
        } catch (RejectedExecutionException closed) {
            busy.set(false);
            result.completeExceptionally(closed);
        }
        return result;
    }

    private static FlameGraph run(ProfileRequest request) throws Exception {
        AsyncProfiler profiler = ProfilerLibrary.profiler();
        ProfileEvent event = start(profiler, request.event());
        try {
            TimeUnit.SECONDS.sleep(request.seconds());
        } catch (InterruptedException e) {
            profiler.execute("stop"); // closing: leave the profiler idle, not running forever
            Thread.currentThread().interrupt();
            throw e;
        }
        return new FlameGraph(profiler.execute("stop,flamegraph"), event);
    }

    private static ProfileEvent start(AsyncProfiler profiler, ProfileEvent event) throws Exception {
        try {
            profiler.execute("start,event=" + event.agentName());
            return event;
        } catch (IllegalStateException e) {
            if (ALREADY_STARTED.equals(e.getMessage())) {
                throw new ProfilerBusyException("a profile is already running (attached from outside); try again later");
            }
            ProfileEvent fallback = event.fallback();
            if (fallback == null) {
                throw e;
            }
            LOG.warn("profiler: event {} unavailable ({}); sampling {} instead", event.agentName(), e.getMessage(),
                    fallback.agentName());
            return start(profiler, fallback);
        }
    }

    /** Interrupts a running profile (its caller gets the interruption) and waits briefly for the thread. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
