package argus.server;

import java.util.Map;

/** The whole HTTP API suite on {@code ENGINE=hash}. */
class HashEngineApiEndToEndTest extends ApiEndToEndTest {

    @Override
    Map<String, String> environment() {
        return Map.of("ENGINE", "hash");
    }
}
