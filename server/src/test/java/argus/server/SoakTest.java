package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded soak: random and hot keys for a few seconds, then checks that nothing piled up:
 * no wrong answers, heap after a full GC back to where it was, live keys back to zero once their
 * buckets are full again, and no file descriptor left open.
 */
class SoakTest {

    private static final long LOAD_NANOS = 6_000_000_000L;

    @Test
    @Timeout(120)
    void shouldReturnToRestAfterSustainedLoad() throws Exception {
        Map<String, String> env = Map.of("REBUILD_MAX_AGE_MS", "100", "MAX_KEYS", "2000000");
        try (ArgusServer server = ArgusServer.start(TestConfigs.server(env))) {
            runLoad(server, 1_000_000_000L); // warm up: pools, JIT, thread caches
            awaitNoLiveKeys(server);
            long heapBefore = heapAfterGc();
            long fdsBefore = openFileDescriptors();

            long[] answered = runLoad(server, LOAD_NANOS);

            assertTrue(answered[0] > 1_000, "load ran: " + answered[0] + " answers");
            assertEquals(0, answered[1], "wrong answers");
            awaitNoLiveKeys(server);
            long heapAfter = heapAfterGc();
            assertTrue(heapAfter < heapBefore + 16 * 1024 * 1024,
                    "heap after GC grew from " + heapBefore + " to " + heapAfter);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (openFileDescriptors() > fdsBefore + 2 && System.nanoTime() < deadline) {
                Thread.sleep(50); // closed sockets are released by the event loops asynchronously
            }
            assertTrue(openFileDescriptors() <= fdsBefore + 2,
                    "file descriptors " + fdsBefore + " -> " + openFileDescriptors());
        }
    }

    /** Returns {answers, wrong answers}. Half the clients use fresh random keys, half one hot key. */
    private static long[] runLoad(ArgusServer server, long nanos) throws Exception {
        AtomicLong answers = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            boolean hot = c % 2 == 0;
            Thread t = new Thread(() -> {
                try (RawHttp http = new RawHttp(server.port())) {
                    while (running.get()) {
                        StringBuilder batch = new StringBuilder();
                        for (int i = 0; i < 8; i++) {
                            String key = hot ? "soak-hot" : "soak-" + ThreadLocalRandom.current().nextLong();
                            batch.append(RawHttp.limitRequest(RawHttp.body(key, 50, 100, "ms"), ""));
                        }
                        http.send(batch.toString());
                        for (int i = 0; i < 8; i++) {
                            RawHttp.Response r = http.read();
                            if (r.status() != 200 || !(r.body().equals("OK") || r.body().equals("LIMITED"))
                                    || (!hot && !r.body().equals("OK"))) {
                                wrong.add(r.status() + " " + r.body());
                            }
                            answers.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    wrong.add(e.toString());
                }
            }, "soak-client-" + c);
            t.start();
            clients.add(t);
        }
        Thread.sleep(nanos / 1_000_000);
        running.set(false);
        for (Thread t : clients) {
            t.join();
        }
        return new long[] {answers.get(), wrong.size()};
    }

    private static void awaitNoLiveKeys(ArgusServer server) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.engine().stats().liveKeys() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.engine().stats().liveKeys(), "live keys once every bucket is full again");
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long openFileDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }
}
