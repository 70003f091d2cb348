package ai.mpnas.plugin.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.mpnas.plugin.engine.EngineQuirks;
import ai.mpnas.plugin.engine.Scalars;
import java.util.Arrays;

/**
 * Fake quantization (quantize then dequantize, in floating point) with straight-through gradients.
 *
 * <p>Weights: symmetric, per output channel (axis 0), signed {@code b}-bit on the narrow grid
 * {@code [-(2^(b-1)-1), 2^(b-1)-1]}; the scale of channel {@code c} is {@code max|w_c| /
 * (2^(b-1)-1)} in float32. The gradient passes unchanged to the float weights.
 *
 * <p>Activations: ReLU6 then unsigned {@code b}-bit on the fixed range [0, 6] with scale {@code 6 /
 * (2^b - 1)} and zero point 0, the same numbers as ONNX {@code QuantizeLinear} (uint8, divide then
 * round half to even) followed by {@code Clip} to {@code [0, 2^b - 1]} and {@code
 * DequantizeLinear}. The gradient is 1 inside [0, 6] and 0 outside.
 *
 * <p>Rounding is half to even, done with the float32 magic-number trick {@code (y + 1.5 * 2^23) -
 * 1.5 * 2^23}, exact for {@code |y| < 2^22} on any IEEE engine; engines' own {@code round} differ
 * (MXNet rounds half away from zero). With {@code bits >=} {@link #FLOAT_BITS} nothing is quantized
 * (activations still get ReLU6), which gives the float baseline of the same network.
 */
public final class FakeQuant {

    /** Bits at or above which a quantizer is the identity (float baseline). */
    public static final int FLOAT_BITS = 32;

    /** The upper end of the fixed activation range (ReLU6). */
    public static final float ACTIVATION_MAX = 6f;

    private static final float ROUND_MAGIC = 12582912f;
    private static final float MIN_RANGE = 1e-8f;

    private FakeQuant() {}

    /**
     * Returns {@code bits}, or {@link #FLOAT_BITS} when quantization is off (the float baseline).
     *
     * @param bits the bits
     * @param quantized whether quantization is on
     * @return the bits the quantizer uses
     */
    public static int effectiveBits(int bits, boolean quantized) {
        return quantized ? bits : FLOAT_BITS;
    }

    /**
     * Returns the largest integer of the signed symmetric weight grid, {@code 2^(bits-1) - 1}.
     *
     * @param bits the weight bits
     * @return the largest integer level
     */
    public static int weightLevels(int bits) {
        return (1 << (bits - 1)) - 1;
    }

    /**
     * Returns the largest integer of the unsigned activation grid, {@code 2^bits - 1}.
     *
     * @param bits the activation bits
     * @return the largest integer level
     */
    public static int activationLevels(int bits) {
        return (1 << bits) - 1;
    }

    /**
     * Returns the activation scale {@code 6 / (2^bits - 1)} in float32, as written to ONNX.
     *
     * @param bits the activation bits
     * @return the scale
     */
    public static float activationScale(int bits) {
        return ACTIVATION_MAX / activationLevels(bits);
    }

    /**
     * Rounds half to even, element-wise, for values with magnitude below 2^22.
     *
     * @param x the values
     * @return the rounded values; the gradient passes through unchanged (straight-through)
     */
    public static NDArray roundHalfEven(NDArray x) {
        return x.add(ROUND_MAGIC).sub(ROUND_MAGIC);
    }

    /**
     * Returns the per-output-channel weight scales, shaped to broadcast against the weight (size of
     * axis 0, then ones). No gradient flows through them.
     *
     * @param weight the weight, output channels on axis 0
     * @param bits the weight bits
     * @return the scales
     */
    public static NDArray weightScales(NDArray weight, int bits) {
        NDArray w = weight.stopGradient();
        long out = w.getShape().get(0);
        long[] broadcast = new long[w.getShape().dimension()];
        Arrays.fill(broadcast, 1);
        broadcast[0] = out;
        // one reduction axis over a (out, rest) view: PyTorch's max reduces over a single axis
        return w.abs()
                .reshape(out, -1)
                .max(new int[] {1}, true)
                .reshape(new Shape(broadcast))
                .maximum(MIN_RANGE)
                .div(weightLevels(bits));
    }

    /**
     * Returns the integer weight levels (as floats) the export stores: {@code round(w / scale)}.
     *
     * @param weight the weight, output channels on axis 0
     * @param bits the weight bits
     * @return the integer levels, in {@code [-(2^(b-1)-1), 2^(b-1)-1]}
     */
    public static NDArray weightIntegers(NDArray weight, int bits) {
        return roundHalfEven(weight.stopGradient().div(weightScales(weight, bits)));
    }

    /**
     * Fake-quantizes a weight per output channel with a straight-through gradient.
     *
     * @param weight the weight, output channels on axis 0
     * @param bits the weight bits ({@link #FLOAT_BITS} or more: unchanged)
     * @return the quantized weight, same shape
     */
    public static NDArray weight(NDArray weight, int bits) {
        if (bits >= FLOAT_BITS) {
            return weight;
        }
        NDArray w = weight.stopGradient();
        NDArray scales = weightScales(w, bits);
        NDArray quantized = roundHalfEven(w.div(scales)).mul(scales);
        return straightThrough(quantized, weight, w);
    }

    /**
     * Applies ReLU6 and fake-quantizes the result on [0, 6] with a straight-through gradient (1
     * inside the range, 0 outside).
     *
     * @param x the pre-activation
     * @param bits the activation bits ({@link #FLOAT_BITS} or more: ReLU6 only)
     * @return the quantized activation
     */
    public static NDArray activation(NDArray x, int bits) {
        NDArray clipped = relu6(x);
        if (bits >= FLOAT_BITS) {
            return clipped;
        }
        return onGrid(clipped, bits);
    }

    /**
     * Returns {@code min(max(x, 0), 6)}, the gradient 1 on the closed range [0, 6] and 0 outside;
     * NaN stays NaN. How depends on the engine, and this is the one place that knows:
     *
     * <ul>
     *   <li>MXNet: maximum then minimum. MXNet's {@code clip} runs about 15x slower on a
     *       training-sized activation, forward and backward (README, Performance), and oneDNN's
     *       ReLU, as fast, turns NaN into 0, which would hide a diverging run behind a finite loss.
     *   <li>Other engines (PyTorch): {@code clip}, which is one fused kernel there; PyTorch's
     *       maximum and minimum split the gradient at ties (0.5 at exactly 0 and 6).
     * </ul>
     *
     * @param x the values
     * @return the values clipped to [0, 6]
     */
    public static NDArray relu6(NDArray x) {
        if (EngineQuirks.relu6AsMaximumMinimum(x.getManager())) {
            return x.maximum(0f).minimum(ACTIVATION_MAX);
        }
        return x.clip(0f, ACTIVATION_MAX);
    }

    /**
     * Fake-quantizes values already in [0, 6] (e.g. pooled ReLU6 outputs) with an identity
     * straight-through gradient.
     *
     * @param x the values in [0, 6]
     * @param bits the activation bits ({@link #FLOAT_BITS} or more: unchanged)
     * @return the quantized values
     */
    public static NDArray bounded(NDArray x, int bits) {
        if (bits >= FLOAT_BITS) {
            return x;
        }
        return onGrid(x, bits);
    }

    /**
     * Returns {@code roundHalfEven(x / s) * s}, its own straight-through estimator: the rounding's
     * add and subtract pass the gradient unchanged, so {@code x} gets {@code (g * s) / s}, which
     * is {@code g} to within one rounding. Four element-wise ops forward and backward, where a
     * detached quantizer plus {@code q + (x - sg(x))} needs seven and two broadcast backward
     * passes (README, Performance).
     */
    private static NDArray onGrid(NDArray x, int bits) {
        float scale = activationScale(bits);
        return Scalars.mul(roundHalfEven(Scalars.div(x, scale)), scale);
    }

    /**
     * Returns {@code quantized} in value and the gradient of {@code x}: {@code q + (x - sg(x))} is
     * exactly {@code q} in floating point (unlike {@code x + sg(q - x)}), so the fake-quantized
     * values are bit-exact with the export's integers times scales.
     */
    private static NDArray straightThrough(NDArray quantized, NDArray x, NDArray detached) {
        return quantized.add(x.sub(detached));
    }
}
