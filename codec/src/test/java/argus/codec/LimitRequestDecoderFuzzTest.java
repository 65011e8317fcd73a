package argus.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dslplatform.json.DslJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property tests: random valid documents decode to the values they were generated from (the key
 * also checked against DSL-JSON as an independent reader), and random damage to them is answered
 * with a result, never an exception.
 */
class LimitRequestDecoderFuzzTest {

    private static final int MAX_KEY_BYTES = 256;
    private static final int DOCUMENTS = 1_500;
    private static final int MUTATIONS_PER_DOCUMENT = 6;
    /** Leak-tracked buffers would spend the time budget recording accesses. */
    private static final BufferKind[] KINDS =
            Arrays.stream(BufferKind.values()).filter(kind -> !kind.leakTracked()).toArray(BufferKind[]::new);

    private final Random random = new Random(0x5EED_A4605L);
    private final DslJson<Object> dslJson = new DslJson<>();
    private final Decoding decoding = new Decoding(MAX_KEY_BYTES);

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void shouldDecodeRandomValidDocumentsToTheGeneratedValues() throws IOException {
        for (int i = 0; i < DOCUMENTS; i++) {
            Document document = randomDocument();
            byte[] json = document.json.getBytes(StandardCharsets.UTF_8);
            BufferKind kind = KINDS[i % KINDS.length];

            assertNull(decoding.decode(kind, json), () -> kind + ": " + document.json);
            LimitRequest request = decoding.request;
            assertArrayEquals(document.key.getBytes(StandardCharsets.UTF_8), decoding.keyBytes(), document.json);
            assertEquals(document.capacity, request.capacity(), document.json);
            assertEquals(document.interval, request.interval(), document.json);
            assertSame(document.unit, request.unit(), document.json);

            Map<?, ?> reference = dslJson.deserialize(Map.class, json, json.length);
            assertEquals(reference.get("key"), request.key().toString(), document.json);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void shouldAnswerDamagedDocumentsWithoutThrowing() {
        for (int i = 0; i < DOCUMENTS; i++) {
            byte[] json = randomDocument().json.getBytes(StandardCharsets.UTF_8);
            for (int m = 0; m < MUTATIONS_PER_DOCUMENT; m++) {
                byte[] damaged = mutate(json);
                DecodeError error = decoding.decode(KINDS[m % KINDS.length], damaged);
                if (error == null) {
                    assertConsistentWithReference(damaged);
                }
            }
        }
    }

    /**
     * Whatever the decoder accepts has a legal key and rate, and DSL-JSON reads the same key from it.
     * DSL-JSON refuses some valid JSON of its own accord (numbers with very long exponents), so a
     * body it refuses is not compared.
     */
    private void assertConsistentWithReference(byte[] json) {
        LimitRequest request = decoding.request;
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(request.key().length() >= 1 && request.key().length() <= MAX_KEY_BYTES, text);
        assertTrue(request.capacity() >= 1 && request.capacity() <= request.intervalNanos(), text);
        assertTrue(request.interval() >= 1, text);
        Map<?, ?> reference;
        try {
            reference = dslJson.deserialize(Map.class, json, json.length);
        } catch (IOException refused) {
            return;
        }
        assertEquals(reference.get("key"), request.key().toString(), text);
    }

    private byte[] mutate(byte[] json) {
        switch (random.nextInt(4)) {
            case 0:
                return Arrays.copyOf(json, random.nextInt(json.length));
            case 1: {
                byte[] flipped = json.clone();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                }
                return flipped;
            }
            case 2: {
                byte[] flipped = json.clone();
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                return flipped;
            }
            default: {
                int at = random.nextInt(json.length + 1);
                byte[] inserted = new byte[json.length + 1];
                System.arraycopy(json, 0, inserted, 0, at);
                inserted[at] = (byte) "{}[]\",:\\u0-1eE.tn \u00ff".charAt(random.nextInt(19));
                System.arraycopy(json, at, inserted, at + 1, json.length - at);
                return inserted;
            }
        }
    }

    // ---- generating documents -----------------------------------------------------------------

    private record Document(String json, String key, long capacity, int interval, Unit unit) {
    }

    private Document randomDocument() {
        String key = randomKey();
        Unit unit = Unit.values()[random.nextInt(3)];
        int interval = random.nextBoolean() ? 1 + random.nextInt(3600) : 1 + random.nextInt(Integer.MAX_VALUE);
        long intervalNanos = interval * unit.nanos();
        long capacity = random.nextInt(8) == 0 ? intervalNanos : 1 + Math.floorMod(random.nextLong(), Math.min(intervalNanos, 1_000_000));

        List<String> members = new ArrayList<>();
        members.add(member("key", encodeString(key)));
        members.add(member("capacity", Long.toString(capacity)));
        members.add(member("interval", Integer.toString(interval)));
        members.add(member("unit", encodeString(unit.spelling())));
        for (int k = random.nextInt(4); k > 0; k--) {
            members.add(member("x_" + random.nextInt(1000), randomValue(0)));
        }
        Collections.shuffle(members, random);
        String json = space() + "{" + space() + String.join("," + space(), members) + space() + "}" + space();
        return new Document(json, key, capacity, interval, unit);
    }

    private String member(String name, String value) {
        return encodeString(name) + space() + ":" + space() + value + space();
    }

    private String randomKey() {
        StringBuilder key = new StringBuilder();
        int length = 1 + random.nextInt(40);
        for (int k = 0; k < length; k++) {
            key.appendCodePoint(randomCodePoint());
        }
        return key.toString();
    }

    private int randomCodePoint() {
        int category = random.nextInt(20);
        if (category < 10) {
            return 0x20 + random.nextInt(0x5F);
        } else if (category < 11) {
            return random.nextInt(0x20);
        } else if (category < 12) {
            return "\"\\/".charAt(random.nextInt(3));
        } else if (category < 15) {
            return 0x80 + random.nextInt(0x780);
        } else if (category < 18) {
            int codePoint = 0x800 + random.nextInt(0x10000 - 0x800);
            return Character.isSurrogate((char) codePoint) ? 0xFFFD : codePoint;
        } else {
            return 0x10000 + random.nextInt(0x100000);
        }
    }

    /** A JSON string for {@code value}, each character randomly written literally or escaped. */
    private String encodeString(String value) {
        StringBuilder json = new StringBuilder("\"");
        value.codePoints().forEach(codePoint -> {
            boolean mustEscape = codePoint < 0x20 || codePoint == '"' || codePoint == '\\';
            int style = random.nextInt(10);
            if (!mustEscape && style < 7) {
                json.appendCodePoint(codePoint);
            } else if (style < 9 && shortEscape(codePoint) != 0) {
                json.append('\\').append(shortEscape(codePoint));
            } else {
                for (char unit : Character.toChars(codePoint)) {
                    String hex = String.format("%04x", (int) unit);
                    json.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase());
                }
            }
        });
        return json.append('"').toString();
    }

    private static char shortEscape(int codePoint) {
        switch (codePoint) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case '\b': return 'b';
            case '\f': return 'f';
            case '\n': return 'n';
            case '\r': return 'r';
            case '\t': return 't';
            default: return 0;
        }
    }

    /** Any JSON value, nesting at most three levels. */
    private String randomValue(int depth) {
        switch (random.nextInt(depth < 3 ? 8 : 6)) {
            case 0: return Long.toString(random.nextLong());
            case 1: return random.nextInt(100) + "." + random.nextInt(100) + (random.nextBoolean() ? "e-" + random.nextInt(30) : "");
            case 2: return encodeString(randomKey());
            case 3: return "true";
            case 4: return "false";
            case 5: return "null";
            case 6: {
                List<String> items = new ArrayList<>();
                for (int k = random.nextInt(4); k > 0; k--) {
                    items.add(randomValue(depth + 1));
                }
                return "[" + space() + String.join("," + space(), items) + space() + "]";
            }
            default: {
                List<String> items = new ArrayList<>();
                for (int k = random.nextInt(4); k > 0; k--) {
                    items.add(member(randomKey(), randomValue(depth + 1)));
                }
                return "{" + space() + String.join(",", items) + "}";
            }
        }
    }

    private String space() {
        StringBuilder space = new StringBuilder();
        for (int k = random.nextInt(4) - 1; k > 0; k--) {
            space.append(" \t\r\n".charAt(random.nextInt(4)));
        }
        return space.toString();
    }
}
