package ai.mpnas.data;

import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Transform;
import ai.mpnas.plugin.engine.EngineQuirks;

/**
 * {@code (x - mean) / std} per channel of a CHW image, on any engine. DJL's {@code Normalize}
 * runs MXNet's own operator on MXNet, which the numbers of every MXNet run so far come from, so
 * MXNet keeps it; elsewhere DJL falls back to a generic version that builds its constants with
 * three channels whatever the image has (PyTorch: "The NDArray size is: 3, but buffer size is:
 * 1" on Fashion-MNIST), so this computes the same thing with constants shaped (C, 1, 1).
 */
final class ChannelNormalize implements Transform {

    private final float[] mean;
    private final float[] std;

    ChannelNormalize(float[] mean, float[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray transform(NDArray array) {
        NDManager manager = array.getManager();
        if (EngineQuirks.nativeImageNormalize(manager)) {
            return NDImageUtils.normalize(array, mean, std);
        }
        Shape perChannel = new Shape(mean.length, 1, 1);
        return array.sub(manager.create(mean, perChannel)).div(manager.create(std, perChannel));
    }
}
