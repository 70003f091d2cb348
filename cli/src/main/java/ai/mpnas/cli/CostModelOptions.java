package ai.mpnas.cli;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.AcceleratorConfigJson;
import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.CostModel;
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
            defaultValue = "apq",
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
                            + " grouped (blocks of 8*pf channels). Default: ${DEFAULT-VALUE}.")
    String depthwise;

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

    CostCalculator calculator() throws IOException {
        return CostCalculator.builder()
                .setModel(
                        CostModel.builder()
                                .setKind(kind())
                                .optConfig(config())
                                .optDepthwiseMode(depthwiseMode())
                                .build())
                .build();
    }

    RunFiles.Pricing pricing() throws IOException {
        return new RunFiles.Pricing(calculator(), kind(), depthwiseMode(), config(), 1);
    }
}
