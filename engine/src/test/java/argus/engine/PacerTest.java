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
     * record of a key flood reachable longer) in a structure of moderate size, or at the key cap
     * (PRESSURE); the others rest, and so does a flood's rebuild of a large tree. (The hash
     * engine's GROWTH is unpaced by HashEngine itself.)
     */
    @Test
    void onlyPressureAndFloodsOfModerateSizeRunUnpaced() {
        long moderate = AbstractEngine.UNPACED_FLOOD_RECORDS;
        long large = moderate + 1;
        Set<SwapPolicy.Reason> flood = EnumSet.of(SwapPolicy.Reason.ANNEX, SwapPolicy.Reason.CHURN);
        for (SwapPolicy.Reason reason : SwapPolicy.Reason.values()) {
            boolean pressure = reason == SwapPolicy.Reason.PRESSURE;
            assertEquals(!pressure && !flood.contains(reason), AbstractEngine.pacerFor(reason, moderate).paced(),
                    reason + " at " + moderate);
            assertEquals(!pressure, AbstractEngine.pacerFor(reason, large).paced(), reason + " at " + large);
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
