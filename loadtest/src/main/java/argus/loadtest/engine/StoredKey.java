package argus.loadtest.engine;

import java.util.Arrays;

/** A key held by a baseline map: an immutable copy of a probe's bytes, with the probe's hash. */
final class StoredKey implements KeyBytes {

    private final byte[] bytes;
    private final int hash;

    private StoredKey(byte[] bytes, int hash) {
        this.bytes = bytes;
        this.hash = hash;
    }

    /** The one allocation of a new key besides its bucket, as {@code KeyBuffer.copy()} in the engines. */
    static StoredKey copyOf(KeyProbe probe) {
        return new StoredKey(Arrays.copyOf(probe.bytes(), probe.length()), probe.hashCode());
    }

    boolean contentEquals(KeyProbe probe) {
        return probe.contentEquals(bytes);
    }

    @Override
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof StoredKey) {
            return Arrays.equals(bytes, ((StoredKey) other).bytes);
        }
        return other instanceof KeyProbe && ((KeyProbe) other).contentEquals(bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
