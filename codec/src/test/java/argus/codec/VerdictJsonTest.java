package argus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import argus.engine.Algorithm;
import argus.engine.BstEngine;
import argus.engine.EngineConfig;
import argus.engine.KeyBuffer;
import argus.engine.RebuildListener;
import argus.engine.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerdictJsonTest {

    @Test
    void shouldWriteExactlyTheAnnouncedLengthInJson() {
        long[] now = {1};
        try (BstEngine engine = new BstEngine(() -> now[0], EngineConfig.defaults(), RebuildListener.NONE)) {
            Verdict v = new Verdict();
            KeyBuffer key = KeyBuffer.of("json");
            engine.acquire(key, Algorithm.TOKEN_BUCKET, 1000, 60_000_000_000L, 1, v);
            assertEquals("{\"status\":\"OK\",\"limit\":1000,\"remaining\":999,\"reset_after_ms\":60,\"retry_after_ms\":0}",
                    written(v));
            engine.acquire(key, Algorithm.TOKEN_BUCKET, 1000, 60_000_000_000L, 1000, v);
            assertEquals("{\"status\":\"LIMITED\",\"limit\":1000,\"remaining\":999,\"reset_after_ms\":60,\"retry_after_ms\":60}",
                    written(v));
            engine.acquire(key, Algorithm.TOKEN_BUCKET, 1000, 60_000_000_000L, 1001, v);
            assertEquals("{\"status\":\"LIMITED\",\"limit\":1000,\"remaining\":999,\"reset_after_ms\":60,\"retry_after_ms\":null}",
                    written(v), "more hits than the capacity: no wait admits them");
        }
    }

    @Test
    void shouldEscapeQuotesInErrorObjects() {
        assertEquals("{\"error\":\"unit: must be one of \\\"s\\\", \\\"ms\\\", \\\"us\\\"\"}",
                new String(VerdictJson.error(DecodeError.UNIT_INVALID.reason()), StandardCharsets.UTF_8));
    }

    private static String written(Verdict v) {
        AsciiBuffer scratch = new AsciiBuffer(8);
        VerdictJson.write(scratch, v);
        assertEquals(VerdictJson.length(v), scratch.length());
        ByteBuf out = Unpooled.buffer();
        scratch.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
