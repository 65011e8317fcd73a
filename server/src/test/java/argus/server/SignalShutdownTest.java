package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real main(), in its own JVM: starts, serves, and exits 0 on SIGINT or SIGTERM. */
class SignalShutdownTest {

    private static final Pattern LISTENING = Pattern.compile("argus listening on .*:(\\d+) ");

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    @Timeout(60)
    void shouldExitZeroOnSignalAfterAnsweringTraffic(String signal) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "argus.server.ArgusServer");
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("PORT", "0");
        builder.environment().put("LOG_LEVEL", "info");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            String line;
            while (port < 0 && (line = out.readLine()) != null) {
                lines.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertNotEquals(-1, port, "no start line in " + lines);
            try (RawHttp http = new RawHttp(port)) {
                http.send(RawHttp.limitRequest(RawHttp.body("signal", 1, 60, "s"), ""));
                assertEquals("OK", http.read().body());
            }
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "exited within 10 s");
            assertEquals(0, process.exitValue());
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("argus stopped")), lines.toString());
        } finally {
            process.destroyForcibly();
        }
    }
}
