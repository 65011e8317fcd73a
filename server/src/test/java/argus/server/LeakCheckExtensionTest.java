package argus.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the leak check can fail: a buffer dropped without release is reported. */
class LeakCheckExtensionTest {

    @Test
    void shouldReportABufferThatWasNeverReleased() throws Exception {
        int before = LeakCheckExtension.collectLeaks().size();
        leakOne();
        List<String> after = LeakCheckExtension.collectLeaks();
        assertTrue(after.size() > before, "the dropped buffer was reported");
        assertTrue(after.get(after.size() - 1).contains("ByteBuf"), after.get(after.size() - 1));
        LeakCheckExtension.forget(after.size() - before); // this leak was on purpose
    }

    private static void leakOne() {
        ByteBuf dropped = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        dropped.writeLong(42);
    }
}
