package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BstEngineTest extends RateLimiterContract {

    @Override
    RateLimiter create(Clock clock, EngineConfig config) {
        return new BstEngine(clock, config, RebuildListener.NONE);
    }

    @Override
    void evictNow(RateLimiter limiter) {
        ((BstEngine) limiter).forceRebuild();
    }

    @Test
    void shouldBalanceSequentialKeysAfterARebuild() {
        BstEngine engine = (BstEngine) open();
        int keys = 50_000;
        for (int i = 0; i < keys; i++) {
            engine.acquire(KeyBuffer.of("user-" + i), 1, HOUR);
        }
        engine.forceRebuild();
        double bound = 1.45 * Math.log(keys + 2) / Math.log(2);
        assertTrue(engine.frozenHeight() <= bound, "height " + engine.frozenHeight() + " > " + bound);
        assertEquals(keys, engine.stats().liveKeys());
    }

    @Test
    void shouldKeepEveryKeyWhetherARebuildCopiesPathsOrBuildsAnew() {
        BstEngine engine = (BstEngine) open();
        for (int i = 0; i < 5_000; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("bulk-" + i), 1, HOUR));
        }
        engine.forceRebuild(); // 5000 changes on an empty tree: built anew
        for (int i = 0; i < 10; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("few-" + i), 1, HOUR));
        }
        engine.forceRebuild(); // 10 changes on 5000 keys: path-copying inserts
        for (int i = 0; i < 5_000; i++) {
            assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("bulk-" + i), 1, HOUR), "bulk-" + i);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("few-" + i), 1, HOUR), "few-" + i);
        }
        assertEquals(5_010, engine.stats().liveKeys());
        assertTrue(engine.frozenHeight() <= 1.45 * Math.log(5_012) / Math.log(2));
    }

    @Test
    void shouldMergeTheFrozenTreesSurvivorsWithNewKeysWhenOneRebuildDoesBoth() {
        BstEngine engine = (BstEngine) open();
        for (int i = 0; i < 2_000; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("short-" + i), 1, SECOND));
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("long-" + i), 1, HOUR));
        }
        engine.forceRebuild(); // all 4000 into the frozen tree
        clock.advance(SECOND); // the short ones can be forgotten now
        for (int i = 0; i < 1_500; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("new-" + i), 1, HOUR)); // into the annex
        }
        engine.forceRebuild(); // 2000 evicted + 1500 added on 4000 keys: a balanced build from both
        assertEquals(3_500, engine.stats().liveKeys());
        assertEquals(2_000, engine.stats().evicted());
        assertTrue(engine.frozenHeight() <= 1.45 * Math.log(3_502) / Math.log(2), "height " + engine.frozenHeight());
        for (int i = 0; i < 2_000; i++) {
            assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("long-" + i), 1, HOUR), "long-" + i);
        }
        for (int i = 0; i < 1_500; i++) {
            assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("new-" + i), 1, HOUR), "new-" + i);
        }
        engine.forceRebuild(); // nothing changed: the tree must still hold every key
        assertEquals(3_500, engine.stats().liveKeys());
        for (int i = 0; i < 2_000; i += 7) {
            assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("long-" + i), 1, HOUR), "long-" + i);
        }
    }

    @Test
    void shouldRebuildOnItsOwnWhenKeysPileUp() throws InterruptedException {
        SwapPolicy eager = new SwapPolicy(2.0, 100, 0.5, 0.9, 60_000, 0);
        BstEngine engine = (BstEngine) open(new EngineConfig(1_000_000, 1, eager));
        for (int i = 0; i < 1_000; i++) {
            engine.acquire(KeyBuffer.of("pile-" + i), 1, HOUR);
        }
        long deadline = System.nanoTime() + 10 * SECOND;
        while (engine.stats().rebuilds() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(SwapPolicy.Reason.ANNEX, engine.stats().lastReason());
    }

    /** A record as the request path makes it for a new key: one hit taken, so it must be stored. */
    private KeyRecord taken(KeyBuffer key) {
        KeyRecord fresh = KeyRecord.fresh(Algorithm.TOKEN_BUCKET, key, key.hash());
        assertEquals(Outcome.OK, fresh.take(Algorithm.TOKEN_BUCKET, clock.nanos(), 0, 1, HOUR, 1, null));
        return fresh;
    }

    private static BstEngine loaded(BstEngine engine, String prefix, int keys) {
        for (int i = 0; i < keys; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of(prefix + i), 1, HOUR));
        }
        return engine;
    }

    @Test
    void shouldFindTheRecordAnotherThreadInsertedBetweenTheMissAndTheInsert() {
        BstEngine engine = loaded((BstEngine) open(), "k", 1_000);
        engine.forceRebuild();
        loaded(engine, "annex-", 100);
        KeyBuffer key = KeyBuffer.of("contested");
        assertNull(engine.find(key.hash(), key));
        assertNotNull(key.missView, "a miss leaves its slot");
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("contested"), 1, HOUR)); // the other thread
        KeyRecord mine = taken(key);
        KeyRecord stored = engine.store(key.hash(), key, mine);
        assertTrue(stored != mine, "the resumed insert must find the other thread's record");
        assertSame(stored, engine.find(key.hash(), key));
    }

    @Test
    void shouldFindTheRecordARebuildMovedBetweenTheMissAndTheInsert() {
        BstEngine engine = loaded((BstEngine) open(), "k", 1_000);
        engine.forceRebuild();
        KeyBuffer key = KeyBuffer.of("contested");
        assertNull(engine.find(key.hash(), key));
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("contested"), 1, HOUR)); // the other thread
        engine.forceRebuild(); // its record moves to the frozen tree; the slot of the miss is sealed
        KeyRecord mine = taken(key);
        KeyRecord stored = engine.store(key.hash(), key, mine);
        assertTrue(stored != mine, "the insert must find the record in the new frozen tree");
        assertSame(stored, engine.find(key.hash(), key));
    }

    @Test
    void shouldInsertIntoTheNewAnnexWhenARebuildSealedTheSlotOfTheMiss() {
        BstEngine engine = loaded((BstEngine) open(), "k", 1_000);
        KeyBuffer key = KeyBuffer.of("late");
        assertNull(engine.find(key.hash(), key));
        engine.forceRebuild();
        KeyRecord mine = taken(key);
        assertSame(mine, engine.store(key.hash(), key, mine));
        assertSame(mine, engine.find(key.hash(), key));
        engine.forceRebuild();
        assertSame(mine, engine.find(key.hash(), key), "sealed and folded into the tree like any annex key");
        assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("late"), 1, HOUR));
    }

    /**
     * A walk that stalled in an annex for two rebuilds: the record it stood on has been frozen and
     * its links retired (so it no longer keeps the records below it alive), and the key was created
     * meanwhile. Resuming must start over and find that record, not insert a second one.
     */
    @Test
    void shouldStartOverWhenAStalledWalkMeetsARetiredLink() {
        BstEngine engine = loaded((BstEngine) open(), "k", 3_000);
        KeyBuffer key = null;
        for (int i = 0; key == null || key.missParent == null; i++) {
            key = KeyBuffer.of("stalled-" + i);
            assertNull(engine.find(key.hash(), key));
        }
        KeyRecord parent = key.missParent; // the annex record the walk stopped under
        BstEngine.View pausedIn = key.missView;
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of(key.toString()), 1, HOUR)); // another thread creates it
        engine.forceRebuild(); // the annex is sealed; its records go to the frozen tree
        engine.forceRebuild(); // their links are retired
        assertSame(Annex.RETIRED, parent.left);
        assertSame(Annex.RETIRED, parent.right);

        KeyBuffer now = KeyBuffer.of("probe-for-the-current-view");
        assertNull(engine.find(now.hash(), now));
        assertTrue(now.missView != pausedIn, "two views were published since the walk paused");
        key.missView = now.missView; // resume the paused walk as if its view were current
        KeyRecord mine = taken(key);
        KeyRecord stored = engine.store(key.hash(), key, mine);
        assertTrue(stored != mine, "the resumed insert must find the record the other thread made");
        assertSame(stored, engine.find(key.hash(), key));
        assertEquals(3_001, engine.stats().liveKeys());
    }

    @Test
    void shouldNotKeepAMissBeyondTheCall() {
        BstEngine engine = loaded((BstEngine) open(EngineConfig.defaults().withMaxKeys(10)), "k", 10);
        KeyBuffer key = KeyBuffer.of("new");
        assertEquals(Outcome.OK, engine.acquire(key, Algorithm.TOKEN_BUCKET, 1, HOUR, 0, null)); // not stored
        assertNull(key.missView);
        assertEquals(Outcome.FULL, engine.acquire(key, 1, HOUR)); // refused by the cap
        assertNull(key.missView);
        assertNull(key.missAnnex);
        assertNull(key.missParent);
        KeyBuffer existing = KeyBuffer.of("k3");
        assertEquals(Outcome.LIMITED, engine.acquire(existing, 1, HOUR));
        assertNull(existing.missView);
    }

    @Test
    void shouldSkipTheFrozenTreeOnlyForKeysItDoesNotHold() {
        BstEngine engine = loaded((BstEngine) open(), "k", 20_000);
        engine.forceRebuild();
        for (int i = 0; i < 20_000; i++) {
            KeyBuffer key = KeyBuffer.of("k" + i);
            assertTrue(engine.filterMightContain(key.hash()), "no false negatives: k" + i);
            assertEquals(Outcome.LIMITED, engine.acquire(key, 1, HOUR), "k" + i);
        }
        int present = 0;
        for (int i = 0; i < 20_000; i++) {
            present += engine.filterMightContain(KeyBuffer.of("absent-" + i).hash()) ? 1 : 0;
        }
        assertTrue(present < 20_000 / 10, present + " of 20000 absent keys reported present");
    }
}
