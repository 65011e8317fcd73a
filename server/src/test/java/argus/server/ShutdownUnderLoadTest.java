package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM in the middle of traffic: every answer a client got is a correct one, the budget of
 * the shared key is never exceeded, and the process exits 0 within the shutdown budget.
 */
class ShutdownUnderLoadTest {

    private static final int CLIENTS = 8;
    /** With an interval of 2^31 s, refill during the test is far below one token. */
    private static final long CAPACITY = 5_000;

    @Test
    @Timeout(90)
    void shouldAnswerCorrectlyOrNotAtAllWhileShuttingDown() throws Exception {
        try (ChildServer child = new ChildServer(Map.of("SHUTDOWN_TIMEOUT_MS", "5000"))) {
            AtomicLong ok = new AtomicLong();
            AtomicLong limited = new AtomicLong();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            String request = RawHttp.limitRequest(RawHttp.body("shutdown-hot", CAPACITY, Integer.MAX_VALUE, "s"), "");
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread t = new Thread(() -> {
                    while (true) {
                        try (RawHttp http = new RawHttp(child.port())) {
                            while (true) {
                                http.send(request);
                                RawHttp.Response r = http.read();
                                if (r.status() == 200 && r.body().equals("OK")) {
                                    ok.incrementAndGet();
                                } else if (r.status() == 200 && r.body().equals("LIMITED")) {
                                    limited.incrementAndGet();
                                } else {
                                    wrong.add(r.status() + " " + r.body());
                                }
                            }
                        } catch (IOException closedOrRefused) {
                            if (child.awaitExitNow()) {
                                return;
                            }
                        }
                    }
                }, "shutdown-client-" + c);
                t.start();
                clients.add(t);
            }
            long warm = System.nanoTime() + 3_000_000_000L;
            while (ok.get() + limited.get() < 20_000 && System.nanoTime() < warm) {
                Thread.sleep(10);
            }
            long before = ok.get() + limited.get();
            child.signal("TERM");
            int exit = child.awaitExit(10);
            for (Thread t : clients) {
                t.join(10_000);
            }
            assertEquals(0, exit, "exit code within the shutdown budget");
            assertTrue(before > 0, "traffic flowed before the signal");
            assertTrue(wrong.isEmpty(), "wrong answers: " + wrong);
            assertTrue(ok.get() <= CAPACITY, "OKs " + ok.get() + " over the budget " + CAPACITY);
        }
    }
}
