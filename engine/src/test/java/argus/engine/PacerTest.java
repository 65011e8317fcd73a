package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacerTest {

    /**
     * Rebuilds run at full speed when new keys pile up (ANNEX, CHURN: a paced scan keeps every
     * record of a key flood reachable longer) or at the key cap (PRESSURE); the others, and the
     * hash engine's GROWTH (which HashEngine runs unpaced itself), rest.
     */
    @Test
    void onlyPressureAndNewKeyFloodsRunUnpaced() {
        Set<SwapPolicy.Reason> unpaced = EnumSet.of(SwapPolicy.Reason.PRESSURE, SwapPolicy.Reason.ANNEX,
                SwapPolicy.Reason.CHURN);
        for (SwapPolicy.Reason reason : SwapPolicy.Reason.values()) {
            assertEquals(!unpaced.contains(reason), AbstractEngine.pacerFor(reason).paced(), reason.name());
        }
    }

    @Test
    void dutyMustBeAShareOfTime() {
        assertThrows(IllegalArgumentException.class, () -> new Pacer(0));
        assertThrows(IllegalArgumentException.class, () -> new Pacer(1.5));
        assertFalse(new Pacer(1).paced());
        assertTrue(new Pacer(0.25).paced());
    }
}
