package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class KeyBudgetTest {

    @Test
    void shouldCountOneAtATimeNearTheCap() {
        KeyBudget budget = new KeyBudget(10);
        for (int i = 0; i < 10; i++) {
            assertTrue(budget.tryReserve());
        }
        assertFalse(budget.tryReserve());
        assertTrue(budget.refusedSinceLastCheck());
        assertEquals(10, budget.live());
        budget.release();
        assertTrue(budget.tryReserve(), "an eviction makes room for one key");
        assertFalse(budget.tryReserve());
    }

    @Test
    void shouldReserveAheadFarFromTheCapButCountLiveKeysExactly() {
        KeyBudget budget = new KeyBudget(1_000_000);
        assertTrue(budget.tryReserve());
        assertEquals(1, budget.live());
        assertEquals(KeyBudget.CHUNK, budget.reserved(), "a chunk taken at once");
        for (int i = 1; i < KeyBudget.CHUNK; i++) {
            assertTrue(budget.tryReserve());
        }
        assertEquals(KeyBudget.CHUNK, budget.reserved(), "spent from the thread's own reservations");
        budget.unreserve();
        assertEquals(KeyBudget.CHUNK - 1, budget.live());
        assertTrue(budget.tryReserve());
        assertEquals(KeyBudget.CHUNK, budget.reserved(), "an unused reservation stays with the thread");
        budget.release();
        assertEquals(KeyBudget.CHUNK - 1, budget.live());
        assertEquals(KeyBudget.CHUNK - 1, budget.reserved());
    }

    /**
     * Threads create keys until they are refused: every thread spends what it reserved ahead
     * before it can be refused, so together they get exactly the cap, never one more.
     */
    @Test
    @Timeout(60)
    void shouldAdmitExactlyTheCapAcrossThreads() throws Exception {
        long max = 100_003; // far above NEAR, and not a multiple of a chunk
        KeyBudget budget = new KeyBudget(max);
        int threads = 4;
        AtomicLong admitted = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long mine = 0;
                for (int i = 0; budget.tryReserve(); i++) {
                    mine++;
                    if (i % 7 == 0) {
                        budget.unreserve(); // lost a race for a key: the reservation comes back
                        mine--;
                    }
                }
                admitted.addAndGet(mine);
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(max, admitted.get());
        assertEquals(max, budget.live());
        assertEquals(max, budget.reserved());
    }
}
