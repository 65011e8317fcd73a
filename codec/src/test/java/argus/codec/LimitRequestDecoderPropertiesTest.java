package argus.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import argus.engine.KeyBuffer;
import com.dslplatform.json.DslJson;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * jqwik properties of the body decoder, with shrinking to the smallest failing input: it never
 * throws on any bytes, and for any key string (any Unicode, written by DSL-JSON with its own
 * escaping) it yields exactly the string's UTF-8 bytes and the numbers that were written.
 */
class LimitRequestDecoderPropertiesTest {

    private static final int MAX_KEY_BYTES = 1024;
    private final LimitRequestDecoder decoder = new LimitRequestDecoder(MAX_KEY_BYTES);
    private final LimitRequest request = new LimitRequest(new KeyBuffer(16));
    private final DslJson<Object> dslJson = new DslJson<>();

    @Property(tries = 2000)
    void shouldAnswerAnyBytesWithAResultNeverAnException(@ForAll @Size(max = 200) byte[] body) {
        decoder.decode(Unpooled.wrappedBuffer(body), request); // a DecodeError or null, nothing else
    }

    @Property(tries = 1000)
    void shouldAnswerAnyDamagedDocumentWithAResult(@ForAll("documents") String document,
                                                   @ForAll @IntRange(min = 0, max = 400) int at,
                                                   @ForAll byte replacement) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        bytes[at % bytes.length] = replacement;
        decoder.decode(Unpooled.wrappedBuffer(bytes), request);
        decoder.decode(Unpooled.wrappedBuffer(bytes, 0, at % bytes.length), request);
    }

    @Property(tries = 1000)
    void shouldDecodeWhatDslJsonWrites(@ForAll("keys") String key,
                                       @ForAll @LongRange(min = 1, max = 1_000_000_000L) long capacity,
                                       @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int interval) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dslJson.serialize(Map.of("key", key, "capacity", capacity, "interval", interval, "unit", "s"), out);
        byte[] json = out.toByteArray();
        assertNull(decoder.decode(Unpooled.wrappedBuffer(json), request), () -> new String(json, StandardCharsets.UTF_8));
        assertArrayEquals(key.getBytes(StandardCharsets.UTF_8), request.key().copy());
        assertEquals(capacity, request.capacity());
        assertEquals(interval, request.interval());
    }

    @Provide
    Arbitrary<String> keys() {
        // Any code point but unpaired surrogates (not text), 1..100 of them: 400 bytes at most.
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMinLength(1).ofMaxLength(100);
    }

    @Provide
    Arbitrary<String> documents() {
        return keys().map(k -> "{\"key\":\"" + k.replace("\\", "\\\\").replace("\"", "\\\"")
                .replaceAll("[\\x00-\\x1f]", " ") + "\",\"capacity\":5,\"interval\":60,\"unit\":\"ms\"}");
    }
}
