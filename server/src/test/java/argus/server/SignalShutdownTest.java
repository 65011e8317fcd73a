package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real main(), in its own JVM: starts, serves, and exits 0 on SIGINT or SIGTERM. */
class SignalShutdownTest {

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    @Timeout(60)
    void shouldExitZeroOnSignalAfterAnsweringTraffic(String signal) throws Exception {
        try (ChildServer child = new ChildServer(Map.of())) {
            try (RawHttp http = new RawHttp(child.port())) {
                http.send(RawHttp.limitRequest(RawHttp.body("signal", 1, 60, "s"), ""));
                assertEquals("OK", http.read().body());
            }
            child.signal(signal);
            int exit = child.awaitExit(10);
            assertEquals(0, exit, () -> "exit code within 10 s\n" + (exit < 0 ? child.diagnose() : child.output()));
            Thread.sleep(100);
            assertTrue(child.output().stream().anyMatch(l -> l.contains("argus stopped")), child.output().toString());
        }
    }
}
