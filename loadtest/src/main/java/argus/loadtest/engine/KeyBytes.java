package argus.loadtest.engine;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Key bytes as the baselines see them: a stored copy, or the calling thread's reused probe, so
 * that a lookup allocates nothing, as in the engines.
 */
sealed interface KeyBytes permits StoredKey, KeyProbe {

    /** Unsigned byte order, shorter first on a tie: the engines' order of equal hashes. */
    Comparator<KeyBytes> ORDER = (a, b) -> Arrays.compareUnsigned(a.bytes(), 0, a.length(), b.bytes(), 0, b.length());

    /** The backing array; only the first {@link #length()} bytes are the key. */
    byte[] bytes();

    int length();
}
