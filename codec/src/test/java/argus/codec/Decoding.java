package argus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import argus.engine.KeyBuffer;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** A decoder and its reusable request, as one event loop holds them; checks the buffer is left as found. */
final class Decoding {

    final LimitRequestDecoder decoder;
    final LimitRequest request;

    Decoding(int maxKeyBytes) {
        decoder = new LimitRequestDecoder(maxKeyBytes);
        request = new LimitRequest(new KeyBuffer(maxKeyBytes));
    }

    DecodeError decode(BufferKind kind, String body) {
        return decode(kind, body.getBytes(StandardCharsets.UTF_8));
    }

    DecodeError decode(BufferKind kind, byte[] body) {
        ByteBuf buffer = kind.wrap(body);
        int readerIndex = buffer.readerIndex();
        int writerIndex = buffer.writerIndex();
        try {
            DecodeError error = decoder.decode(buffer, request);
            assertEquals(readerIndex, buffer.readerIndex(), "readerIndex moved");
            assertEquals(writerIndex, buffer.writerIndex(), "writerIndex moved");
            assertEquals(1, buffer.refCnt(), "refCnt changed");
            return error;
        } finally {
            buffer.release();
        }
    }

    byte[] keyBytes() {
        return request.key().copy();
    }
}
