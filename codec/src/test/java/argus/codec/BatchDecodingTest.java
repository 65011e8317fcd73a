package argus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import argus.engine.KeyBuffer;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchDecodingTest {

    private final LimitRequestDecoder decoder = new LimitRequestDecoder(64);
    private final LimitRequest request = new LimitRequest(new KeyBuffer(8));
    private final List<String> seen = new ArrayList<>();

    private DecodeError decode(String body, int maxItems) {
        seen.clear();
        return decoder.decodeBatch(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)), maxItems, request,
                (error, r) -> seen.add(error != null ? error.name() : r.key() + "/" + r.capacity() + "/" + r.hits()));
    }

    @Test
    void shouldHandEachItemToTheSinkInOrderWithItsOwnError() {
        assertNull(decode(" [ {\"key\":\"a\",\"capacity\":5,\"interval\":1,\"unit\":\"s\",\"hits\":2},\n"
                + "{\"key\":\"b\",\"capacity\":0,\"interval\":1,\"unit\":\"s\"},"
                + "{\"key\":\"c\",\"capacity\":7,\"interval\":1,\"unit\":\"s\"}, 42 ] ", 10));
        assertEquals(List.of("a/5/2", "CAPACITY_OUT_OF_RANGE", "c/7/1", "BODY_NOT_OBJECT"), seen);
    }

    @Test
    void shouldAcceptAnEmptyBatch() {
        assertNull(decode("[]", 10));
        assertEquals(List.of(), seen);
    }

    @Test
    void shouldRejectTheWholeBatchWhenItsShapeIsWrong() {
        assertEquals(DecodeError.BATCH_NOT_ARRAY, decode("{\"key\":\"a\"}", 10));
        assertEquals(DecodeError.BODY_MALFORMED, decode("[{\"key\":\"a\"},", 10));
        assertEquals(DecodeError.BODY_MALFORMED, decode("[{\"key\":\"a\"} {\"key\":\"b\"}]", 10));
        assertEquals(DecodeError.BODY_TRAILING_DATA, decode("[] []", 10));
        assertEquals(DecodeError.BODY_EMPTY, decode("  ", 10));
        assertEquals(DecodeError.BATCH_TOO_LARGE, decode("[{},{},{}]", 2));
        assertEquals(List.of(), seen, "nothing is answered when the batch is refused");
    }
    /** A key that is valid JSON but no valid key fails its own item, not the batch. */
    @Test
    void shouldGiveABadKeyItsOwnItemError() {
        String rest = ",\"capacity\":1,\"interval\":1,\"unit\":\"s\"}";
        byte[] body = ("[{\"key\":\"a\\ud800\"" + rest + ",{\"key\":\"b\u00ff\"" + rest + ",{\"key\":\"ok\"" + rest + "]")
                .getBytes(StandardCharsets.ISO_8859_1); // U+00FF in ISO-8859-1: one raw byte 0xFF, that starts no UTF-8 sequence
        seen.clear();
        assertNull(decoder.decodeBatch(Unpooled.wrappedBuffer(body), 10, request,
                (error, r) -> seen.add(error != null ? error.name() : r.key().toString())));
        assertEquals(List.of("KEY_LONE_SURROGATE", "KEY_INVALID_UTF8", "ok"), seen);
    }

    /** An ignored field may hold any valid JSON string, even an escape that names no character. */
    @Test
    void shouldSkipALoneSurrogateInAnIgnoredField() {
        assertNull(decode("[{\"note\":\"\\udc00\",\"key\":\"a\",\"capacity\":1,\"interval\":1,\"unit\":\"s\"}]", 10));
        assertEquals(List.of("a/1/1"), seen);
    }
}
