package argus.codec;

import argus.engine.Outcome;
import argus.engine.Verdict;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of an answer:
 * {@code {"status":"OK","limit":1000,"remaining":999,"reset_after_ms":60,"retry_after_ms":0}}.
 * Times are rounded up to whole milliseconds; {@code retry_after_ms} is {@code null} when no wait
 * can admit the request (more hits than the capacity). Composed in the event loop's {@link AsciiBuffer},
 * with its length known in advance for {@code content-length}; nothing is allocated.
 */
public final class VerdictJson {

    private static final byte[] STATUS_OK = ascii("{\"status\":\"OK\",\"limit\":");
    private static final byte[] STATUS_LIMITED = ascii("{\"status\":\"LIMITED\",\"limit\":");
    private static final byte[] REMAINING = ascii(",\"remaining\":");
    private static final byte[] RESET = ascii(",\"reset_after_ms\":");
    private static final byte[] RETRY = ascii(",\"retry_after_ms\":");
    private static final byte[] NULL = ascii("null");
    private static final long MILLI = 1_000_000L;

    private VerdictJson() {
    }

    /** Bytes {@link #write} will write for {@code verdict}. */
    public static int length(Verdict verdict) {
        return (verdict.outcome() == Outcome.OK ? STATUS_OK.length : STATUS_LIMITED.length)
                + Ascii.digits(verdict.limit())
                + REMAINING.length + Ascii.digits(verdict.remaining())
                + RESET.length + Ascii.digits(Ascii.ceilDiv(verdict.resetAfterNanos(), MILLI))
                + RETRY.length + (verdict.neverAdmitted() ? NULL.length : Ascii.digits(retryMillis(verdict)))
                + 1;
    }

    public static void write(AsciiBuffer out, Verdict verdict) {
        out.put(verdict.outcome() == Outcome.OK ? STATUS_OK : STATUS_LIMITED)
                .putLong(verdict.limit())
                .put(REMAINING).putLong(verdict.remaining())
                .put(RESET).putLong(Ascii.ceilDiv(verdict.resetAfterNanos(), MILLI))
                .put(RETRY);
        if (verdict.neverAdmitted()) {
            out.put(NULL);
        } else {
            out.putLong(retryMillis(verdict));
        }
        out.put((byte) '}');
    }

    private static long retryMillis(Verdict verdict) {
        return Ascii.ceilDiv(verdict.retryAfterNanos(), MILLI);
    }

    /** {@code {"error":"<reason>"}}, for one failed item of a batch; built once per reason. */
    public static byte[] error(String reason) {
        StringBuilder json = new StringBuilder("{\"error\":\"");
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\');
            }
            json.append(c);
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
