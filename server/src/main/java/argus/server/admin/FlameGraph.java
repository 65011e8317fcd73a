package argus.server.admin;

/**
 * A finished profile.
 *
 * @param html  async-profiler's self-contained flame graph page
 * @param event the event actually sampled: itimer when cpu could not start (see {@link ProfileEvent#fallback()})
 */
public record FlameGraph(String html, ProfileEvent event) {
}
