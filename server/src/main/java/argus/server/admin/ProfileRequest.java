package argus.server.admin;

import java.util.List;
import java.util.Map;

/**
 * A validated profile request: how long and what to sample.
 *
 * @param seconds {@value #MIN_SECONDS}..{@value #MAX_SECONDS}; long enough to be useful, short enough
 *                that a forgotten request cannot keep the profiler busy for long
 * @param event   what to sample
 */
public record ProfileRequest(int seconds, ProfileEvent event) {

    public static final int MIN_SECONDS = 1;
    public static final int MAX_SECONDS = 300;
    public static final int DEFAULT_SECONDS = 30;

    public ProfileRequest {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(secondsReason());
        }
        if (event == null) {
            throw new IllegalArgumentException("event: must be one of " + ProfileEvent.CHOICES);
        }
    }

    /**
     * Reads {@code seconds} and {@code event} (defaults 30 and cpu) from decoded query parameters.
     * Anything else is rejected: a misspelt {@code second=5} would otherwise profile for 30 s.
     *
     * @throws IllegalArgumentException with a one-line reason naming the parameter
     */
    public static ProfileRequest fromQuery(Map<String, List<String>> parameters) {
        for (String name : parameters.keySet()) {
            if (!name.equals("seconds") && !name.equals("event")) {
                throw new IllegalArgumentException(name + ": unknown parameter (expected seconds, event)");
            }
        }
        String seconds = single(parameters, "seconds");
        String event = single(parameters, "event");
        return new ProfileRequest(seconds == null ? DEFAULT_SECONDS : parseSeconds(seconds),
                event == null ? ProfileEvent.CPU : ProfileEvent.parse(event));
    }

    public static int parseSeconds(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(secondsReason());
        }
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw new IllegalArgumentException(name + ": give it once");
        }
        return values.get(0);
    }

    private static String secondsReason() {
        return "seconds: must be an integer between " + MIN_SECONDS + " and " + MAX_SECONDS;
    }
}
