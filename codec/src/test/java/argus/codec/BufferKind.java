package argus.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The shapes a request body can arrive in. The indexed shapes surround the body with bytes that
 * would change the outcome if the decoder read outside {@code readerIndex..writerIndex}.
 */
enum BufferKind {
    HEAP {
        @Override
        ByteBuf wrap(byte[] body) {
            return Unpooled.wrappedBuffer(body);
        }
    },
    DIRECT {
        @Override
        ByteBuf wrap(byte[] body) {
            return Unpooled.wrappedBuffer(direct(body));
        }
    },
    /** A slice of a larger array: non-zero arrayOffset, readerIndex 0. */
    HEAP_SLICE {
        @Override
        ByteBuf wrap(byte[] body) {
            return Unpooled.wrappedBuffer(padded(body)).slice(PREFIX.length, body.length);
        }
    },
    /** The body between a non-zero readerIndex and a writerIndex short of the bytes written. */
    HEAP_INDEXED {
        @Override
        ByteBuf wrap(byte[] body) {
            return Unpooled.wrappedBuffer(padded(body)).setIndex(PREFIX.length, PREFIX.length + body.length);
        }
    },
    DIRECT_INDEXED {
        @Override
        ByteBuf wrap(byte[] body) {
            return Unpooled.wrappedBuffer(direct(padded(body))).setIndex(PREFIX.length, PREFIX.length + body.length);
        }
    },
    /** A heap half and a direct half, so neither hasArray() nor one bulk read covers the body. */
    COMPOSITE {
        @Override
        ByteBuf wrap(byte[] body) {
            int half = body.length / 2;
            return Unpooled.wrappedBuffer(
                    Unpooled.wrappedBuffer(body, 0, half),
                    Unpooled.wrappedBuffer(direct(Arrays.copyOfRange(body, half, body.length))));
        }
    },
    /**
     * What the server's allocator hands over; under the build's paranoid leak detection this is a
     * leak-aware wrapper that records every access, hence far slower than the others.
     */
    POOLED_DIRECT {
        @Override
        ByteBuf wrap(byte[] body) {
            return PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(1, body.length)).writeBytes(body);
        }

        @Override
        boolean leakTracked() {
            return true;
        }
    };

    private static final byte[] PREFIX = "[\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = ",\"x\":1}}".getBytes(StandardCharsets.US_ASCII);

    abstract ByteBuf wrap(byte[] body);

    boolean leakTracked() {
        return false;
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    private static byte[] padded(byte[] body) {
        byte[] padded = new byte[PREFIX.length + body.length + SUFFIX.length];
        System.arraycopy(PREFIX, 0, padded, 0, PREFIX.length);
        System.arraycopy(body, 0, padded, PREFIX.length, body.length);
        System.arraycopy(SUFFIX, 0, padded, PREFIX.length + body.length, SUFFIX.length);
        return padded;
    }
}
