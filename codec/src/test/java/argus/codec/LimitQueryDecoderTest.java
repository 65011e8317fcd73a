package argus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import argus.engine.Algorithm;
import argus.engine.KeyBuffer;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LimitQueryDecoderTest {

    private final LimitQueryDecoder decoder = new LimitQueryDecoder(16);
    private final LimitRequest request = new LimitRequest(new KeyBuffer(8));

    @Test
    void shouldDecodeEveryMember() {
        assertNull(decoder.decode("/api/v1/check?key=user-1&capacity=10&interval=60&unit=ms&hits=3"
                + "&algorithm=sliding_window&format=json", request));
        assertEquals("user-1", request.key().toString());
        assertEquals(10, request.capacity());
        assertEquals(60, request.interval());
        assertSame(Unit.MS, request.unit());
        assertEquals(3, request.hits());
        assertSame(Algorithm.SLIDING_WINDOW, request.algorithm());
    }

    @Test
    void shouldUseDefaultsForOptionalMembersAndLetTheLastDuplicateWin() {
        assertNull(decoder.decode("/c?key=a&key=b&capacity=1&capacity=2&interval=1&unit=s", request));
        assertEquals("b", request.key().toString());
        assertEquals(2, request.capacity());
        assertEquals(1, request.hits());
        assertSame(Algorithm.TOKEN_BUCKET, request.algorithm());
    }

    /** Names are percent-decoded like values: a form encoder may escape any byte of either. */
    @Test
    void shouldReadPercentEncodedNames() {
        assertNull(decoder.decode("/c?k%65y=n&%63apacity=2&interval=1&u%6Eit=s&hit%73=2", request));
        assertEquals("n", request.key().toString());
        assertEquals(2, request.capacity());
        assertEquals(2, request.hits());
        assertSame(DecodeError.KEY_MISSING, decoder.decode("/c?k%6=n&capacity=2&interval=1&unit=s", request),
                "a malformed escape names no parameter");
    }

    @Test
    void shouldDecodeTheSameKeyBytesAsTheJsonBody() {
        assertNull(decoder.decode("/c?key=caf%C3%A9+%2F1&capacity=1&interval=1&unit=s", request));
        byte[] fromQuery = request.key().copy();
        LimitRequest json = new LimitRequest(new KeyBuffer(8));
        byte[] body = "{\"key\":\"caf\\u00e9 \\/1\",\"capacity\":1,\"interval\":1,\"unit\":\"s\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertNull(new LimitRequestDecoder(16).decode(Unpooled.wrappedBuffer(body), json));
        assertEquals(new String(json.key().copy(), StandardCharsets.UTF_8), new String(fromQuery, StandardCharsets.UTF_8));
        assertEquals(java.util.Arrays.toString(json.key().copy()), java.util.Arrays.toString(fromQuery));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/c                                              | KEY_MISSING",
        "/c?capacity=1&interval=1&unit=s                 | KEY_MISSING",
        "/c?key=&capacity=1&interval=1&unit=s            | KEY_EMPTY",
        "/c?key=%ZZ&capacity=1&interval=1&unit=s         | QUERY_MALFORMED",
        "/c?key=a%2&capacity=1&interval=1&unit=s         | QUERY_MALFORMED",
        "/c?key=%C3%28&capacity=1&interval=1&unit=s      | KEY_INVALID_UTF8",
        "/c?key=aaaaaaaaaaaaaaaaa&capacity=1&interval=1&unit=s | KEY_TOO_LONG",
        "/c?key=a&interval=1&unit=s                      | CAPACITY_MISSING",
        "/c?key=a&capacity=x&interval=1&unit=s           | CAPACITY_NOT_INTEGER",
        "/c?key=a&capacity=&interval=1&unit=s            | CAPACITY_NOT_INTEGER",
        "/c?key=a&capacity=0&interval=1&unit=s           | CAPACITY_OUT_OF_RANGE",
        "/c?key=a&capacity=-5&interval=1&unit=s          | CAPACITY_OUT_OF_RANGE",
        "/c?key=a&capacity=9223372036854775808&interval=1&unit=s | CAPACITY_OUT_OF_RANGE",
        "/c?key=a&capacity=1&interval=2147483648&unit=s  | INTERVAL_OUT_OF_RANGE",
        "/c?key=a&capacity=1&interval=1.5&unit=s         | INTERVAL_NOT_INTEGER",
        "/c?key=a&capacity=1&interval=1                  | UNIT_MISSING",
        "/c?key=a&capacity=1&interval=1&unit=h           | UNIT_INVALID",
        "/c?key=a&capacity=1&interval=1&unit=s&hits=-1   | HITS_OUT_OF_RANGE",
        "/c?key=a&capacity=1&interval=1&unit=s&hits=x    | HITS_NOT_INTEGER",
        "/c?key=a&capacity=1&interval=1&unit=s&algorithm=gcra | ALGORITHM_INVALID",
        "/c?key=a&capacity=2000&interval=1&unit=us       | RATE_TOO_HIGH",
    })
    void shouldRejectBadQueriesWithTheBodysReasons(String uri, DecodeError expected) {
        assertEquals(expected, decoder.decode(uri, request));
    }
    /** Decoding from the target's bytes allocates nothing (the request path of /check). */
    @Test
    void shouldNotAllocateWhileDecodingBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[][] targets = {
            "/api/v1/check?key=10.0.0.7&capacity=100&interval=60&unit=s&limited_status=403".getBytes(StandardCharsets.US_ASCII),
            "/api/v1/check?key=caf%C3%A9+x&capacity=5&interval=1&unit=ms&algorithm=fixed_window&hits=2".getBytes(StandardCharsets.US_ASCII),
            "/api/v1/check?key=&capacity=1".getBytes(StandardCharsets.US_ASCII),
        };
        LimitRequest request = new LimitRequest(new KeyBuffer(64));
        long errors = 0;
        for (int i = 0; i < 20_000; i++) {
            for (byte[] t : targets) {
                errors += decoder.decode(t, t.length, request) == null ? 0 : 1;
            }
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 20_000; i++) {
            for (byte[] t : targets) {
                errors += decoder.decode(t, t.length, request) == null ? 0 : 1;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(40_000, errors, "the third target fails (empty key), the others decode");
        long finalAllocated = allocated;
        org.junit.jupiter.api.Assertions.assertTrue(allocated < 64 * 1024,
                () -> finalAllocated + " bytes allocated in 60,000 decodes");
    }
}
