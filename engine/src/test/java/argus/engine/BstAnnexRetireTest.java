package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RETIRED protocol of the annex (see Annex, BstEngine): walks that stalled in old annexes across
 * one or more rebuilds, keys created, expired and re-created meanwhile, and what stays reachable.
 *
 * <p>A stalled walk is modelled exactly: {@code walkAnnex} resumed from a slot it saw empty is
 * what {@link BstEngine#store} does with the {@link KeyBuffer} miss fields when their view is the
 * current one, so a test captures a miss and later forges {@code missView} to the current view
 * (as {@code BstEngineTest.shouldStartOverWhenAStalledWalkMeetsARetiredLink} does). Reservation
 * and unreservation mirror {@link AbstractEngine#acquire}, so the budget's live count must equal
 * the live records reachable from the view.
 */
class BstAnnexRetireTest {

    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;

    /** Tiny annexes (2 buckets at first) make deep bucket trees; no automatic rebuild. */
    static final EngineConfig TINY = new EngineConfig(1_000_000, 3_600_000,
            new SwapPolicy(2.0, 1, 0.5, 0.9, 3_600_000, 0));

    final ManualClock clock = new ManualClock();
    final List<BstEngine> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(BstEngine::close);
    }

    BstEngine open(EngineConfig config) {
        BstEngine engine = new BstEngine(clock, config, RebuildListener.NONE);
        opened.add(engine);
        return engine;
    }

    // ---- reflection helpers ----

    static BstEngine.View view(BstEngine engine) {
        try {
            Field f = BstEngine.class.getDeclaredField("view");
            f.setAccessible(true);
            return (BstEngine.View) f.get(engine);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static KeyRecord[] roots(Annex annex) {
        try {
            Field f = Annex.class.getDeclaredField("roots");
            f.setAccessible(true);
            return (KeyRecord[]) f.get(annex);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static boolean sentinel(KeyRecord r) {
        return r == Annex.SEALED || r == Annex.RETIRED;
    }

    /** Every record reachable from the view: frozen tree, annex chain, and the records' links. */
    static Set<KeyRecord> reachable(BstEngine.View v) {
        Set<KeyRecord> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<KeyRecord> todo = new ArrayDeque<>();
        AvlTree.forEach(v.frozen, todo::add);
        for (Annex a = v.annex; a != null; a = a.successor) {
            for (KeyRecord r : roots(a)) {
                if (r != null && !sentinel(r)) {
                    todo.add(r);
                }
            }
        }
        while (!todo.isEmpty()) {
            KeyRecord r = todo.poll();
            assertTrue(!sentinel(r), "a sentinel is held as a record");
            if (!seen.add(r)) {
                continue;
            }
            for (KeyRecord c : new KeyRecord[] {r.left, r.right}) {
                if (c != null && !sentinel(c)) {
                    todo.add(c);
                }
            }
        }
        return seen;
    }

    static String name(KeyRecord r) {
        return new String(r.keyBytes(), java.nio.charset.StandardCharsets.ISO_8859_1); // lossless for any bytes
    }

    /** I1 over the whole reachable structure, find agrees with it, and the budget counts exactly the live ones. */
    static void checkStructure(BstEngine engine, List<String> keys, String when) {
        BstEngine.View v = view(engine);
        Map<String, KeyRecord> live = new HashMap<>();
        long liveCount = 0;
        for (KeyRecord r : reachable(v)) {
            if (!r.isDead()) {
                liveCount++;
                KeyRecord other = live.put(name(r), r);
                if (other != null) {
                    fail(when + ": two live records for key " + name(r));
                }
            }
        }
        for (String k : keys) {
            KeyBuffer key = KeyBuffer.of(k.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            KeyRecord found = engine.find(key.hash(), key);
            assertTrue(found == null || !sentinel(found), when + ": find returned a sentinel");
            assertSame(live.get(k), found, when + ": find(" + k + ")");
            key.clearMiss();
        }
        assertEquals(liveCount, engine.budget.live(), when + ": live count vs live records reachable");
    }

    /** A walk that missed at a slot and stalled there. */
    static final class Stalled {
        final String key;
        final Annex annex;
        final KeyRecord parent;
        final boolean left;
        final int depth;

        Stalled(String key, KeyBuffer buffer) {
            this.key = key;
            this.annex = buffer.missAnnex;
            this.parent = buffer.missParent;
            this.left = buffer.missLeft;
            this.depth = buffer.missDepth;
        }
    }

    static Stalled stall(BstEngine engine, String k) {
        KeyBuffer key = KeyBuffer.of(k);
        if (engine.find(key.hash(), key) != null) {
            return null;
        }
        return new Stalled(k, key);
    }

    /** The stalled walk goes on and inserts, reserving as acquire does; returns the record now holding the key. */
    /** A step of a random schedule: a walk for {@code k} misses and stalls (if the key has no live record). */
    static String stallStep(BstEngine engine, String k, List<Stalled> stalled) {
        Stalled s = stall(engine, k);
        if (s != null) {
            stalled.add(s);
        }
        return "stall " + k;
    }

    /** A step of a random schedule: one of the stalled walks, picked at random, goes on. */
    String resumeStep(BstEngine engine, List<Stalled> stalled, Random random) {
        if (stalled.isEmpty()) {
            return "nothing";
        }
        Stalled s = stalled.remove(random.nextInt(stalled.size()));
        resume(engine, s, clock.nanos());
        return "resume " + s.key;
    }

    static List<String> keyNames(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("key-" + i);
        }
        return keys;
    }

    static KeyRecord resume(BstEngine engine, Stalled s, long now) {
        KeyBuffer key = KeyBuffer.of(s.key);
        KeyRecord before = engine.find(key.hash(), key);
        key.missView = view(engine); // as if no view had been published since the walk paused
        key.missAnnex = s.annex;
        key.missParent = s.parent;
        key.missLeft = s.left;
        key.missDepth = s.depth;
        assertTrue(engine.budget.tryReserve());
        KeyRecord fresh = KeyRecord.fresh(Algorithm.TOKEN_BUCKET, key, key.hash());
        assertEquals(Outcome.OK, fresh.take(Algorithm.TOKEN_BUCKET, now, 0, 1, HOUR, 1, null));
        KeyRecord stored = engine.store(key.hash(), key, fresh);
        assertTrue(!sentinel(stored), "store returned a sentinel");
        if (stored != fresh) {
            engine.budget.unreserve();
        }
        if (before != null) {
            assertSame(before, stored, "a stalled insert of " + s.key + " must find the live record");
        } else {
            assertSame(fresh, stored, "no live record of " + s.key + ": the stalled insert stores its own");
        }
        key.clearMiss();
        return stored;
    }

    // ---- deterministic scenarios ----

    /** Two keys in the same bucket of a 2-bucket annex, the second a child of the first. */
    static String[] parentAndChild() {
        String p = "parent";
        long sign = KeyBuffer.of(p).hash() & Long.MIN_VALUE;
        for (int i = 0; ; i++) {
            String k = "child-" + i;
            if ((KeyBuffer.of(k).hash() & Long.MIN_VALUE) == sign) {
                return new String[] {p, k};
            }
        }
    }

    /**
     * The walk stalls under P; the other thread creates K there; P expires and is killed at the
     * seal (a dead annex record keeps its links); K is frozen, then killed in the frozen pass and
     * retired, then re-created in a later annex. The stalled walk, reading P's link, reaches the
     * dead K, goes on along the successor chain and must find the new record.
     */
    @Test
    void stalledWalkThroughADeadParentReachesTheDeadKeyAndFollowsTheChain() {
        BstEngine engine = open(TINY);
        String[] pk = parentAndChild();
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of(pk[0]), 1, SECOND)); // P: forgettable after 1 s
        Stalled s = stall(engine, pk[1]);
        assertTrue(s.parent != null && name(s.parent).equals(pk[0]), "the walk stalled under P");
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of(pk[1]), 1, HOUR)); // K lands in the stalled slot
        KeyRecord first = s.left ? s.parent.left : s.parent.right;
        assertEquals(pk[1], name(first));
        clock.advance(SECOND);
        engine.forceRebuild(); // P killed at the seal, K frozen
        assertTrue(s.parent.isDead());
        assertSame(first, s.left ? s.parent.left : s.parent.right, "a dead annex record keeps its links");
        clock.advance(HOUR);
        engine.forceRebuild(); // K retired and killed in the frozen pass
        assertTrue(first.isDead());
        assertSame(Annex.RETIRED, first.left);
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of(pk[1]), 1, HOUR)); // K again, in the current annex
        engine.forceRebuild();
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("unrelated"), 1, HOUR));
        KeyRecord stored = resume(engine, s, clock.nanos());
        assertNotSame(first, stored);
        checkStructure(engine, List.of(pk[0], pk[1], "unrelated"), "after the resume");
        assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of(pk[1]), 1, HOUR));
    }

    /** As above with no re-creation: the stalled insert lands in the current annex, and only once. */
    @Test
    void stalledWalkThroughADeadParentInsertsInTheCurrentAnnexWhenTheKeyIsGone() {
        BstEngine engine = open(TINY);
        String[] pk = parentAndChild();
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of(pk[0]), 1, SECOND));
        Stalled s = stall(engine, pk[1]);
        assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of(pk[1]), 1, HOUR));
        for (int r = 0; r < 4; r++) {
            clock.advance(HOUR);
            engine.forceRebuild();
        }
        assertEquals(0, engine.stats().liveKeys());
        KeyRecord stored = resume(engine, s, clock.nanos());
        checkStructure(engine, List.of(pk[0], pk[1]), "after the resume");
        assertSame(stored, engine.find(KeyBuffer.of(pk[1]).hash(), KeyBuffer.of(pk[1])));
        engine.forceRebuild();
        engine.forceRebuild();
        checkStructure(engine, List.of(pk[0], pk[1]), "two rebuilds later");
        assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of(pk[1]), 1, HOUR));
    }

    /** A hint held across 1..5 rebuilds, the key created, expired and re-created in between. */
    @Test
    void hintHeldAcrossSeveralRebuildsWithTheKeyComingAndGoing() {
        for (int rebuilds = 1; rebuilds <= 5; rebuilds++) {
            for (int pattern = 0; pattern < 8; pattern++) {
                BstEngine engine = open(TINY);
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    keys.add("k" + i);
                    assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("k" + i), 1, i % 2 == 0 ? SECOND : HOUR));
                }
                keys.add("target");
                Stalled s = stall(engine, "target");
                for (int r = 0; r < rebuilds; r++) {
                    if ((pattern >> (r % 3) & 1) == 1) {
                        engine.acquire(KeyBuffer.of("target"), 1, SECOND); // created (or limited)
                    }
                    if (r % 2 == 1) {
                        clock.advance(SECOND); // the short keys and target expire
                    }
                    engine.forceRebuild();
                    checkStructure(engine, keys, "rebuild " + r + " pattern " + pattern);
                }
                resume(engine, s, clock.nanos());
                checkStructure(engine, keys, "resumed after " + rebuilds + " pattern " + pattern);
                engine.forceRebuild();
                engine.forceRebuild();
                checkStructure(engine, keys, "two rebuilds after the resume");
            }
        }
    }

    /**
     * Random single-threaded schedules of acquires, clock moves, rebuilds, walks that stall and
     * walks that resume (possibly many rebuilds later): after every step, at most one live record
     * per key is reachable, find returns it, and the budget counts exactly the live records.
     */
    @Test
    void randomSchedulesOfStalledWalksKeepOneLiveRecordPerKey() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int run = 0; run < 150; run++) {
            BstEngine engine = open(TINY);
            List<String> keys = keyNames(24);
            List<Stalled> stalled = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                String k = keys.get(random.nextInt(keys.size()));
                int op = random.nextInt(100);
                String what;
                if (op < 40) {
                    long interval = random.nextBoolean() ? SECOND : HOUR;
                    engine.acquire(KeyBuffer.of(k), 1 + random.nextInt(2), interval);
                    what = "acquire " + k;
                } else if (op < 55) {
                    clock.advance(random.nextInt(3) == 0 ? HOUR : random.nextInt(1500) * 1_000_000L);
                    what = "advance";
                } else if (op < 70) {
                    engine.forceRebuild();
                    what = "rebuild";
                } else if (op < 85) {
                    what = stallStep(engine, k, stalled);
                } else {
                    what = resumeStep(engine, stalled, random);
                }
                checkStructure(engine, keys, "seed " + seed + " run " + run + " step " + step + " (" + what + ")");
            }
        }
    }

    // ---- rebuilds that fail half-way ----

    /** A token-bucket record that makes the rebuild fail when it is asked whether it can be forgotten, once armed. */
    static final class BombRecord extends KeyRecord {
        final KeyRecord inner;
        volatile boolean armed;

        BombRecord(KeyBuffer key, long hash) {
            super(key, hash);
            inner = new GcraRecord(key, hash);
        }

        @Override
        Outcome take(Algorithm algorithm, long now, long wallOffset, long capacity, long intervalNanos, long hits,
                     Verdict verdict) {
            return inner.take(algorithm, now, wallOffset, capacity, intervalNanos, hits, verdict);
        }

        @Override
        boolean isFresh() {
            return inner.isFresh();
        }

        @Override
        boolean killIfForgettable(long now) {
            if (armed) {
                armed = false;
                throw new IllegalStateException("rebuild fails half-way");
            }
            return inner.killIfForgettable(now);
        }

        @Override
        boolean isDead() {
            return inner.isDead();
        }
    }

    /** Plants a bomb record for {@code k} if the key has no live record, reserving as acquire does. */
    static BombRecord plant(BstEngine engine, String k, long now) {
        KeyBuffer key = KeyBuffer.of(k);
        if (engine.find(key.hash(), key) != null) {
            key.clearMiss();
            return null;
        }
        assertTrue(engine.budget.tryReserve());
        BombRecord bomb = new BombRecord(key, key.hash());
        assertEquals(Outcome.OK, bomb.take(Algorithm.TOKEN_BUCKET, now, 0, 2, SECOND, 1, null));
        KeyRecord stored = engine.store(key.hash(), key, bomb);
        key.clearMiss();
        assertSame(bomb, stored);
        return bomb;
    }

    /**
     * Random schedules as above, where some rebuilds fail half-way (in the seal or in the frozen
     * pass, after some records were retired or killed): annex chains, records killed by a
     * rebuild that never published, stalled walks across all of it.
     */
    @Test
    void randomSchedulesWithRebuildsFailingHalfWay() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        int failures = 0;
        for (int run = 0; run < 150; run++) {
            BstEngine engine = open(TINY);
            List<String> keys = keyNames(24);
            for (int i = 0; i < 4; i++) {
                keys.add("bomb-" + i);
            }
            List<Stalled> stalled = new ArrayList<>();
            List<BombRecord> bombs = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                String k = keys.get(random.nextInt(keys.size()));
                int op = random.nextInt(100);
                String what;
                if (op < 30) {
                    engine.acquire(KeyBuffer.of(k), 1 + random.nextInt(2), random.nextBoolean() ? SECOND : HOUR);
                    what = "acquire " + k;
                } else if (op < 40) {
                    clock.advance(random.nextInt(3) == 0 ? HOUR : random.nextInt(1500) * 1_000_000L);
                    what = "advance";
                } else if (op < 55) {
                    BombRecord armed = null;
                    if (!bombs.isEmpty() && random.nextBoolean()) {
                        armed = bombs.get(random.nextInt(bombs.size()));
                        armed.armed = !armed.isDead();
                    }
                    try {
                        engine.forceRebuild();
                        what = "rebuild";
                    } catch (IllegalStateException e) {
                        failures++;
                        what = "failed rebuild";
                    }
                    if (armed != null) {
                        armed.armed = false; // a bomb the rebuild did not reach stays harmless
                    }
                    bombs.removeIf(KeyRecord::isDead);
                } else if (op < 62) {
                    String b = "bomb-" + random.nextInt(4);
                    BombRecord bomb = plant(engine, b, clock.nanos());
                    if (bomb != null) {
                        bombs.add(bomb);
                    }
                    what = "plant " + b;
                } else if (op < 80) {
                    what = stallStep(engine, k, stalled);
                } else {
                    what = resumeStep(engine, stalled, random);
                }
                checkStructure(engine, keys, "seed " + seed + " run " + run + " step " + step + " (" + what + ")");
            }
            for (BombRecord b : bombs) {
                b.armed = false;
            }
            clock.advance(HOUR);
            engine.forceRebuild();
            engine.forceRebuild();
            checkStructure(engine, keys, "seed " + seed + " run " + run + " at the end");
            assertEquals(0, engine.stats().liveKeys(), "everything expired and evicted");
            assertEquals(0, reachable(view(engine)).size(), "nothing left reachable");
        }
        assertTrue(failures > 100, "only " + failures + " rebuilds failed half-way");
    }

    // ---- retention ----

    /** After two rebuilds every frozen record's links are retired, and no dead record is reachable. */
    @Test
    void noDeadRecordStaysReachableTwoRebuildsAfterItsAnnexWasSealed() {
        BstEngine engine = open(TINY);
        for (int i = 0; i < 2_000; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("r" + i), 1, i % 3 == 0 ? HOUR : SECOND));
        }
        clock.advance(SECOND);
        engine.forceRebuild(); // two thirds die at the seal; their live parents still link to them
        long deadReachable = reachable(view(engine)).stream().filter(KeyRecord::isDead).count();
        assertTrue(deadReachable > 0, "one rebuild after the seal the live records still link to the dead");
        engine.forceRebuild(); // the frozen pass retires the survivors' links
        BstEngine.View v = view(engine);
        AvlTree.forEach(v.frozen, r -> {
            assertSame(Annex.RETIRED, r.left);
            assertSame(Annex.RETIRED, r.right);
        });
        assertEquals(0, reachable(v).stream().filter(KeyRecord::isDead).count());

        // Keys of the next generation expire in the frozen tree and in the annex.
        for (int i = 0; i < 500; i++) {
            engine.acquire(KeyBuffer.of("s" + i), 1, SECOND);
        }
        engine.forceRebuild();
        for (int i = 0; i < 500; i++) {
            engine.acquire(KeyBuffer.of("t" + i), 1, SECOND);
        }
        clock.advance(HOUR);
        engine.forceRebuild();
        engine.forceRebuild();
        assertEquals(0, engine.stats().liveKeys());
        assertEquals(0, reachable(view(engine)).size(), "everything expired: nothing reachable");
    }
    /**
     * A sealed annex reaches no later annex and no later record once its rebuild is published: if
     * it had been promoted to the old generation, such a link would keep them all alive through
     * young collections (see Annex.RESTART). A walk still in it starts over and finds its keys.
     */
    @Test
    void aSealedAnnexKeepsNoLaterAnnexReachable() {
        BstEngine engine = open(TINY);
        for (int i = 0; i < 200; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("old" + i), 1, HOUR));
        }
        Annex sealed = view(engine).annex;
        engine.forceRebuild();
        for (int i = 0; i < 200; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("new" + i), 1, HOUR));
        }
        engine.forceRebuild();
        Annex current = view(engine).annex;
        for (int i = 0; i < 200; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("newest" + i), 1, HOUR));
        }

        Set<Object> fromSealed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> todo = new ArrayList<>(List.of(sealed));
        while (!todo.isEmpty()) {
            Object o = todo.remove(todo.size() - 1);
            if (o == null || !fromSealed.add(o)) {
                continue;
            }
            if (o instanceof Annex) {
                todo.add(((Annex) o).successor);
                Collections.addAll(todo, roots((Annex) o));
            } else {
                todo.add(((KeyRecord) o).left);
                todo.add(((KeyRecord) o).right);
            }
        }
        assertTrue(!fromSealed.contains(current), "the sealed annex links to the current one");
        long later = fromSealed.stream()
                .filter(o -> o instanceof KeyRecord && !sentinel((KeyRecord) o) && name((KeyRecord) o).startsWith("new"))
                .count();
        assertEquals(0, later, "records created after the seal reachable from the sealed annex");

        // Walks resumed in the sealed annex (at an empty slot it had then) find the keys where they now live.
        for (int i = 0; i < 200; i += 20) {
            for (String k : new String[] {"old" + i, "new" + i}) {
                KeyBuffer key = KeyBuffer.of(k);
                KeyRecord live = engine.find(key.hash(), key);
                assertTrue(live != null && !sentinel(live), k + " is live");
                KeyBuffer paused = KeyBuffer.of(k);
                paused.missAnnex = sealed; // paused before reading its bucket's root
                assertSame(live, resume(engine, new Stalled(k, paused), clock.nanos()));
            }
        }
    }
}
