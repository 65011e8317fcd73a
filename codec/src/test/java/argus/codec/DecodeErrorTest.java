package argus.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecodeErrorTest {

    @Test
    void shouldGiveEveryErrorOneLineReasonThatNamesItsField() {
        for (DecodeError error : DecodeError.values()) {
            String reason = error.reason();
            assertTrue(reason.matches("(body|batch|key|capacity|interval|unit|hits|algorithm|query|rate|format|limited_status): [^\\r\\n]+"), reason);
            assertTrue(error.name().startsWith(reason.substring(0, reason.indexOf(':')).toUpperCase()), error::name);
        }
    }

    @Test
    void shouldPreEncodeReasonsInUtf8() {
        for (DecodeError error : DecodeError.values()) {
            assertArrayEquals(error.reason().getBytes(StandardCharsets.UTF_8), error.reasonBytes(), error::name);
        }
    }
}
