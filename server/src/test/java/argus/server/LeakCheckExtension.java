package argus.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test class after which Netty reports a leaked buffer (I6). Registered for every test
 * class of this module through JUnit's extension auto-detection, so it is installed before the
 * first buffer class is loaded; leak detection runs at PARANOID (every buffer tracked).
 */
public final class LeakCheckExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation") // the two-argument constructor is the one 4.2 keeps public
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                       long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {
                        LEAKS.add(resourceType + records);
                        super.reportTracedLeak(resourceType, records);
                    }

                    @Override
                    protected void reportUntracedLeak(String resourceType) {
                        LEAKS.add(resourceType);
                        super.reportUntracedLeak(resourceType);
                    }
                };
            }
        });
    }

    /** Collects garbage and makes the detector look at it: leaks are reported on later allocations. */
    static List<String> collectLeaks() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 16; i++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(8);
                probe.release();
            }
        }
        return List.copyOf(LEAKS);
    }

    static void forget(int count) {
        for (int i = 0; i < count && !LEAKS.isEmpty(); i++) {
            LEAKS.remove(LEAKS.size() - 1);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            LEAKS.clear();
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) after "
                    + context.getDisplayName() + ":\n" + leaks.get(0));
        }
    }
}
