package argus.server.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What async-profiler samples; the lowercase name is both the query value and the agent's event name. */
public enum ProfileEvent {
    /** On-CPU time through perf_events (kernel frames included); needs perf_event_open. */
    CPU,
    /** Heap allocations, sampled by allocated bytes. */
    ALLOC,
    /** Contended monitors and j.u.c locks. */
    LOCK,
    /** All threads, running or not: where time goes, waiting included. */
    WALL,
    /** On-CPU time through setitimer: works where perf_events is restricted, Java frames only. */
    ITIMER;

    static final String CHOICES = Arrays.stream(values()).map(ProfileEvent::agentName)
            .collect(Collectors.joining(", "));

    public String agentName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The event to try when this one cannot start: perf_events may be forbidden (container seccomp,
     * {@code kernel.perf_event_paranoid}), and itimer measures the same thing without it.
     */
    public ProfileEvent fallback() {
        return this == CPU ? ITIMER : null;
    }

    public static ProfileEvent parse(String name) {
        for (ProfileEvent e : values()) {
            if (e.agentName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("event: must be one of " + CHOICES);
    }
}
