package argus.server;

import java.util.Map;

/** The whole HTTP API suite on the NIO transport, the fallback where epoll is missing. */
class NioApiEndToEndTest extends ApiEndToEndTest {

    @Override
    Map<String, String> environment() {
        return Map.of("TRANSPORT", "nio");
    }
}
