package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import argus.codec.DecodeError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server's own query options, read the way the request's parameters are: percent-decoded names and values. */
class QueryParamsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // target                                       | json (Accept: text) | 403 | error
        "/c                                             | false | false | -",
        "/c?key=a                                       | false | false | -",
        "/c?format=json                                 | true  | false | -",
        "/c?format=%6Ason                               | true  | false | -",
        "/c?%66ormat=json                               | true  | false | -",
        "/c?format=json&format=text                     | false | false | -",
        "/c?limited_status=403                          | false | true  | -",
        "/c?limited_status=%34%30%33                    | false | true  | -",
        "/c?limited_status=403&limited_status=429       | false | false | -",
        "/c?formats=xml&limited_statuses=1              | false | false | -",
        "/c?format                                      | false | false | FORMAT_INVALID",
        "/c?format=                                     | false | false | FORMAT_INVALID",
        "/c?format=JSON                                 | false | false | FORMAT_INVALID",
        "/c?limited_status                              | false | false | LIMITED_STATUS_INVALID",
        "/c?limited_status=4%3                          | false | false | LIMITED_STATUS_INVALID",
        "/c?format=xml&limited_status=1                 | false | false | FORMAT_INVALID",
        "/c?limited_status=1&format=xml                 | false | false | LIMITED_STATUS_INVALID",
    })
    void shouldReadTheOptions(String target, boolean json, boolean forbid, DecodeError error) {
        byte[] bytes = target.getBytes(StandardCharsets.US_ASCII);
        int options = QueryParams.scan(bytes, bytes.length);
        assertEquals(json, QueryParams.json(options, false), "format");
        assertEquals(forbid, QueryParams.forbid(options), "limited_status");
        assertEquals(error, QueryParams.error(options), "error");
    }
}
