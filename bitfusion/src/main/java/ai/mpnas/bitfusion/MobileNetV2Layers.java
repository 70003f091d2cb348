package ai.mpnas.bitfusion;

import java.util.ArrayList;
import java.util.List;

/**
 * The 53 costed layers of MobileNetV2 (width 1.0, 224x224): first conv (im2col), 17 inverted
 * residual blocks, the last 1x1 conv and the classifier, all at one precision. Residual adds,
 * pooling, BN and activations are not costed by the simulator ({@code docs/bitfusion.md}, section
 * "Layers as dense calls").
 */
public final class MobileNetV2Layers {

    /** (expansion t, channels c, repeats n, first stride s) of the inverted residual stages. */
    private static final int[][] STAGES = {
        {1, 16, 1, 1},
        {6, 24, 2, 2},
        {6, 32, 3, 2},
        {6, 64, 4, 2},
        {6, 96, 3, 1},
        {6, 160, 3, 2},
        {6, 320, 1, 1}
    };

    private MobileNetV2Layers() {}

    /**
     * Returns the layers.
     *
     * @param wbits weight bits of every layer
     * @param abits activation bits of every layer
     * @param batch the batch size
     * @return 53 layers in execution order
     */
    public static List<Layer> layers(int wbits, int abits, int batch) {
        List<Layer> layers = new ArrayList<>();
        layers.add(conv(224, 3, 32, 3, 2, wbits, abits, batch, true));
        int size = 112;
        int channels = 32;
        for (int[] stage : STAGES) {
            for (int i = 0; i < stage[2]; i++) {
                int stride = i == 0 ? stage[3] : 1;
                int hidden = channels * stage[0];
                if (stage[0] != 1) {
                    layers.add(conv(size, channels, hidden, 1, 1, wbits, abits, batch, false));
                }
                layers.add(
                        Layer.builder()
                                .setType(LayerType.DWCONV)
                                .setInputSize(size)
                                .setChannels(hidden)
                                .setKernel(3)
                                .optStride(stride)
                                .optPadding(1)
                                .optBatch(batch)
                                .setBits(wbits, abits)
                                .build());
                size = (size + 2 - 3) / stride + 1;
                layers.add(conv(size, hidden, stage[1], 1, 1, wbits, abits, batch, false));
                channels = stage[1];
            }
        }
        layers.add(conv(size, channels, 1280, 1, 1, wbits, abits, batch, false));
        layers.add(
                Layer.builder()
                        .setType(LayerType.FC)
                        .setInputSize(1)
                        .setChannels(1280, 1000)
                        .setKernel(1)
                        .optBatch(batch)
                        .setBits(wbits, abits)
                        .build());
        return layers;
    }

    private static Layer conv(
            int size,
            int cin,
            int cout,
            int k,
            int stride,
            int w,
            int a,
            int batch,
            boolean im2col) {
        return Layer.builder()
                .setType(LayerType.CONV)
                .setInputSize(size)
                .setChannels(cin, cout)
                .setKernel(k)
                .optStride(stride)
                .optPadding(k / 2)
                .optBatch(batch)
                .setBits(w, a)
                .optIm2col(im2col)
                .build();
    }
}
