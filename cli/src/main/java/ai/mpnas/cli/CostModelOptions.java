package ai.mpnas.cli;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.AcceleratorConfigJson;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.search.RunFiles;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The Bit Fusion options shared by the commands that price networks. */
final class CostModelOptions {

    @Option(
            names = "--model",
            defaultValue = "original",
            paramLabel = "MODEL",
            description =
                    "Bit Fusion cost model: original (the simulator of Sharma et al.) or apq (the"
                            + " variant behind APQ's published table). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(
            names = "--depthwise",
            defaultValue = "grouped",
            paramLabel = "MODE",
            description =
                    "How depthwise convolutions are priced: decomposed (C single-channel convs),"
                            + " dense (a dense C->C conv, as the original front end does) or"
                            + " grouped (blocks of min(8*pf, 32) channels)."
                            + " Default: ${DEFAULT-VALUE}.")
    String depthwise;

    @Option(
            names = "--bit-modes",
            defaultValue = "cheapest",
            paramLabel = "MODES",
            description =
                    "Which precision mode a layer runs in: cheapest (the cheapest supported mode"
                            + " w'>=w, a'>=a of {2,4,6,8}, so fewer bits never cost more) or exact"
                            + " (the declared bits, as the original simulator). Default:"
                            + " ${DEFAULT-VALUE}.")
    String bitModes;

    @Option(
            names = "--accelerator",
            paramLabel = "ACC.json",
            description =
                    "Accelerator configuration (JSON); default: the paper's 16x32 array, 45 nm,"
                            + " 500 MHz, 192 bit/cycle, 32/64/16 KB buffers.")
    Path accelerator;

    AcceleratorConfig config() throws IOException {
        return accelerator == null
                ? AcceleratorConfig.bitFusion45nm()
                : AcceleratorConfigJson.read(accelerator);
    }

    CostModelKind kind() {
        return CostModelKind.fromJsonName(model);
    }

    DepthwiseMode depthwiseMode() {
        return DepthwiseMode.fromJsonName(depthwise);
    }

    BitModes bitModes() {
        return BitModes.fromJsonName(bitModes);
    }

    CostCalculator calculator() throws IOException {
        return pricing().calculator();
    }

    RunFiles.Pricing pricing() throws IOException {
        return RunFiles.Pricing.of(kind(), depthwiseMode(), bitModes(), config(), 1);
    }
}
