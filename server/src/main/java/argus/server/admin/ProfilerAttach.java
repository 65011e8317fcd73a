package argus.server.admin;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Profiles another, running JVM: attaches to it, loads async-profiler as an agent from
 * {@link ProfilerLibrary#path()}, samples for the given time and has the target write a flame graph.
 * The command behind {@code scripts/profile}:
 *
 * <pre>java -cp server/target/argus-server.jar argus.server.admin.ProfilerAttach PID SECONDS EVENT OUT.html</pre>
 *
 * <p>Prints the flame graph's path on stdout, progress on stderr. The target writes the file itself,
 * so OUT must be a path it can write. The agent's own messages (why an event could not start, for
 * one) appear on the target's stdout, not here. Ctrl-C stops the profile early and still writes what
 * was sampled.
 */
public final class ProfilerAttach {

    private ProfilerAttach() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ProfilerAttach PID SECONDS " + ProfileEvent.CHOICES.replace(", ", "|") + " OUT.html");
            System.exit(2);
        }
        ProfileRequest request;
        try {
            request = new ProfileRequest(ProfileRequest.parseSeconds(args[1]), ProfileEvent.parse(args[2]));
        } catch (IllegalArgumentException e) {
            System.err.println("profile: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            profile(args[0], request, Path.of(args[3]).toAbsolutePath());
        } catch (Exception e) {
            System.err.println("profile: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void profile(String pid, ProfileRequest request, Path out) throws Exception {
        String library = ProfilerLibrary.path().toString();
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            ProfileEvent event = start(vm, library, request.event());
            System.err.println("profile: sampling " + event.agentName() + " in pid " + pid + " for "
                    + request.seconds() + " s");
            Thread stopper = new Thread(() -> stop(vm, library, out), "profile-stop");
            Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C: still stop, never leave it running
            Thread.sleep(request.seconds() * 1000L);
            Runtime.getRuntime().removeShutdownHook(stopper);
            stop(vm, library, out);
        } finally {
            vm.detach();
        }
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            throw new IllegalStateException("no flame graph at " + out + "; the profiler's reason is on the target's stdout");
        }
        System.out.println(out);
    }

    private static ProfileEvent start(VirtualMachine vm, String library, ProfileEvent event) throws Exception {
        try {
            vm.loadAgentPath(library, "start,event=" + event.agentName());
            return event;
        } catch (AgentInitializationException e) {
            ProfileEvent fallback = event.fallback();
            if (fallback == null) {
                throw new IllegalStateException("async-profiler could not start " + event.agentName()
                        + " (already running? its reason is on the target's stdout)", e);
            }
            System.err.println("profile: " + event.agentName() + " could not start (perf_events restricted, or a"
                    + " profile already running); trying " + fallback.agentName() + " (Java frames, no kernel frames)");
            return start(vm, library, fallback);
        }
    }

    private static void stop(VirtualMachine vm, String library, Path out) {
        try {
            vm.loadAgentPath(library, "stop,file=" + out);
        } catch (Exception e) {
            throw new IllegalStateException("async-profiler could not stop or write " + out, e);
        }
    }
}
