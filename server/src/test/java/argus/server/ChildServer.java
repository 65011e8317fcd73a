package argus.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real {@code main()} in a child JVM, for tests of signals and process exit. */
final class ChildServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("argus listening on .*:(\\d+) ");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final int port;

    ChildServer(Map<String, String> env) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>();
        if (canResetSignals()) {
            // A test run as a background job inherits SIGINT ignored, and a JVM keeps an ignored SIGINT
            // ignored: give the child the default dispositions, as a server started from a terminal has.
            command.addAll(List.of("env", "--default-signal=INT,TERM"));
        }
        command.addAll(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "argus.server.ArgusServer"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("PORT", "0");
        builder.environment().put("LOG_LEVEL", "info");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int found = -1;
        String line;
        while (found < 0 && (line = out.readLine()) != null) {
            lines.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                found = Integer.parseInt(m.group(1));
            }
        }
        if (found < 0) {
            process.destroyForcibly();
            throw new IllegalStateException("child server did not start: " + lines);
        }
        port = found;
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "child-server-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** Whether this system's env(1) can reset signal dispositions (GNU coreutils 8.31 and later). */
    private static boolean canResetSignals() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT,TERM", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int port() {
        return port;
    }

    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** The exit code, or -1 if the process is still running after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** The child's threads (jcmd Thread.print) and its output so far: what a test shows when the child hangs. */
    String diagnose() {
        StringBuilder report = new StringBuilder("child output: ").append(lines).append('\n');
        try {
            String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
            Process dump = new ProcessBuilder(jcmd, Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            report.append(new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            dump.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            report.append("no thread dump: ").append(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return report.toString();
    }

    /** True if the process has ended, without waiting. */
    boolean awaitExitNow() {
        return !process.isAlive();
    }

    List<String> output() {
        return lines;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
