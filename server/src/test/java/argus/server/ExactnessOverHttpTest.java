package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * I2 over HTTP: many connections, pipelining, one key with capacity C and an interval so long
 * that refill is negligible: exactly C {@code OK}s in all, however the requests interleave.
 */
class ExactnessOverHttpTest {

    private static final int CONNECTIONS = 16;
    private static final int DEPTH = 8;
    private static final long CAPACITY = 4_000;

    @ParameterizedTest
    @ValueSource(strings = {"bst", "hash"})
    @Timeout(120)
    void shouldAdmitExactlyCapacityAcrossConnections(String engine) throws Exception {
        try (ArgusServer server = ArgusServer.start(TestConfigs.server(Map.of("ENGINE", engine)))) {
            String one = RawHttp.limitRequest(RawHttp.body("exact-" + engine, CAPACITY, Integer.MAX_VALUE, "s"), "");
            String batch = one.repeat(DEPTH);
            AtomicLong ok = new AtomicLong();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Thread t = new Thread(() -> {
                    try (RawHttp http = new RawHttp(server.port())) {
                        int limitedBatches = 0;
                        while (limitedBatches < 20) {
                            http.send(batch);
                            int oks = 0;
                            for (int i = 0; i < DEPTH; i++) {
                                RawHttp.Response r = http.read();
                                assertEquals(200, r.status());
                                if (r.body().equals("OK")) {
                                    oks++;
                                } else {
                                    assertEquals("LIMITED", r.body());
                                }
                            }
                            ok.addAndGet(oks);
                            limitedBatches = oks == 0 ? limitedBatches + 1 : 0;
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "exact-client-" + c);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(failures.isEmpty(), () -> "client failed: " + failures.get(0));
            assertEquals(CAPACITY, ok.get());
        }
    }
}
