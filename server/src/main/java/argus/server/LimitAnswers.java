package argus.server;

import argus.codec.Ascii;
import argus.codec.AsciiBuffer;
import argus.codec.VerdictJson;
import argus.engine.Outcome;
import argus.engine.Verdict;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a limit answer with its details: the status line, the IETF httpapi RateLimit header
 * fields ({@code RateLimit-Policy: default;q=C;w=W} and {@code RateLimit: default;r=R;t=T}),
 * {@code Retry-After} on a refusal (none when more hits were asked than the capacity: no wait
 * admits that), and a plain-text ({@code OK}/{@code LIMITED}) or JSON body.
 *
 * <p>Everything constant is encoded once; the answer is composed in the event loop's
 * {@link AsciiBuffer} (plain array stores) and copied into the connection's pooled output
 * buffer, so it allocates no garbage. Seconds are rounded up, so a client that
 * waits what it is told is not refused again; when a response carries {@code Retry-After}, the
 * {@code t} parameter names the same instant, as the draft asks.
 */
final class LimitAnswers {

    private static final byte[] STATUS_200 = ascii("HTTP/1.1 200 OK\r\n");
    private static final byte[] STATUS_429 = ascii("HTTP/1.1 429 Too Many Requests\r\n");
    private static final byte[] STATUS_403 = ascii("HTTP/1.1 403 Forbidden\r\n");
    private static final byte[] TEXT = ascii("content-type: text/plain; charset=utf-8\r\ncontent-length: ");
    private static final byte[] JSON = ascii("content-type: application/json\r\ncontent-length: ");
    private static final byte[] POLICY = ascii("\r\nratelimit-policy: default;q=");
    private static final byte[] WINDOW = ascii(";w=");
    private static final byte[] RATELIMIT = ascii("\r\nratelimit: default;r=");
    private static final byte[] RESET = ascii(";t=");
    private static final byte[] RETRY_AFTER = ascii("\r\nretry-after: ");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] OK = ascii("OK");
    private static final byte[] LIMITED = ascii("LIMITED");
    private static final long SECOND = 1_000_000_000L;

    private LimitAnswers() {
    }

    /**
     * Appends the whole response for {@code verdict} to {@code out}.
     *
     * @param refusal the status of a refusal: 200 for {@code /limit} (the original's contract),
     *                429 or 403 for {@code /check}
     */
    static void encode(ByteBuf out, AsciiBuffer scratch, Verdict verdict, long intervalNanos,
                       boolean json, int refusal, HttpResponses.Connection connection) {
        boolean ok = verdict.outcome() == Outcome.OK;
        int bodyLength = json ? VerdictJson.length(verdict) : ok ? OK.length : LIMITED.length;
        boolean never = verdict.neverAdmitted(); // no Retry-After: no wait helps
        long resetSeconds = Ascii.ceilDiv(verdict.resetAfterNanos(), SECOND);
        long retrySeconds = never ? resetSeconds : Ascii.ceilDiv(verdict.retryAfterNanos(), SECOND);
        scratch.reset()
                .put(ok || refusal == 200 ? STATUS_200 : refusal == 403 ? STATUS_403 : STATUS_429)
                .put(json ? JSON : TEXT).putLong(bodyLength)
                .put(POLICY).putLong(verdict.limit())
                .put(WINDOW).putLong(Ascii.ceilDiv(intervalNanos, SECOND))
                .put(RATELIMIT).putLong(verdict.remaining())
                .put(RESET).putLong(ok ? resetSeconds : retrySeconds);
        if (!ok && !never) {
            scratch.put(RETRY_AFTER).putLong(retrySeconds);
        }
        scratch.put(CRLF).put(connection.headerBytes).put(CRLF);
        if (json) {
            VerdictJson.write(scratch, verdict);
        } else {
            scratch.put(ok ? OK : LIMITED);
        }
        scratch.writeTo(out);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
