package argus.engine;

/** The engine's answer to one acquire. */
public enum Outcome {
    /** A token was taken. */
    OK,
    /** The bucket holds no token; nothing changed. */
    LIMITED,
    /** The key is new and the live-key cap is reached; nothing was stored. */
    FULL
}
