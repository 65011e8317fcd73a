package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shutting down lets a request that has begun to arrive finish: it is answered, with
 * connection: close, and its connection closed; idle keep-alive connections close at once.
 */
class GracefulDrainTest {

    @Test
    @Timeout(30)
    void shouldAnswerARequestInProgressAndCloseIdleConnections() throws Exception {
        ArgusServer server = ArgusServer.start(TestConfigs.server(Map.of(
                "SHUTDOWN_TIMEOUT_MS", "8000", "READ_TIMEOUT_MS", "3000")));
        String body = RawHttp.body("drain", 5, 60, "s");
        String request = RawHttp.limitRequest(body, "");
        int cut = request.length() - 10; // the head and part of the body
        CompletableFuture<Void> closing;
        try (RawHttp idle = new RawHttp(server.port());
             RawHttp halfBody = new RawHttp(server.port());
             RawHttp halfHead = new RawHttp(server.port())) {
            idle.send(request);
            assertEquals("OK", idle.read().body());
            halfBody.send(request.substring(0, cut));
            halfHead.send(request.substring(0, 20));
            Thread.sleep(200); // all of it read by the server

            closing = CompletableFuture.runAsync(server::close);
            assertTrue(idle.closedByServer(), "an idle connection closes at once");
            Thread.sleep(200);
            halfBody.send(request.substring(cut));
            RawHttp.Response last = halfBody.read();
            assertEquals("OK", last.body(), "the request in progress is answered");
            assertEquals("close", last.header("connection"));
            assertTrue(halfBody.closedByServer());
            halfHead.send(request.substring(20));
            RawHttp.Response other = halfHead.read();
            assertEquals("OK", other.body(), "also one whose head had not all arrived");
            assertEquals("close", other.header("connection"));
            assertTrue(halfHead.closedByServer());
        }
        closing.get(); // close() returns once drained
    }
}
