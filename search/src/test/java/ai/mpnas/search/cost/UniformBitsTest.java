package ai.mpnas.search.cost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.bitfusion.NetworkCost;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.RunFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Under {@link BitModes#CHEAPEST} the uniform-bit reference network of every preset costs no more
 * at fewer bits ({@code docs/bitfusion.md}, section "Precision modes").
 */
class UniformBitsTest {

    private static final List<String> PRESETS = List.of("fashion-mnist", "cifar", "imagenet");

    @Test
    void energyAndLatencyNeverRiseFrom8To6To4To2Bits() {
        for (CostModelKind model : CostModelKind.values()) {
            for (DepthwiseMode depthwise : DepthwiseMode.values()) {
                for (int batch : new int[] {1, 16}) {
                    RunFiles.Pricing pricing =
                            RunFiles.Pricing.of(
                                    model,
                                    depthwise,
                                    BitModes.CHEAPEST,
                                    AcceleratorConfig.bitFusion45nm(),
                                    batch);
                    for (String preset : PRESETS) {
                        SearchSpace space = SearchSpace.preset(preset);
                        NetworkCost wider = null;
                        for (int bits : new int[] {8, 6, 4, 2}) {
                            NetworkCost net = pricing.cost(space.reference(bits));
                            String what =
                                    preset + " " + model + " " + depthwise + " batch " + batch
                                            + " " + bits + " bits";
                            if (wider != null) {
                                assertTrue(
                                        net.energyTotalNj() <= wider.energyTotalNj(),
                                        what + ": energy " + net.energyTotalNj());
                                assertTrue(
                                        net.totalCycles() <= wider.totalCycles(),
                                        what + ": cycles " + net.totalCycles());
                            }
                            wider = net;
                        }
                    }
                }
            }
        }
    }

}
