package ai.mpnas.plugin.space;

/**
 * The fixed geometry of one searchable block position, independent of the choice made for it.
 *
 * @param index the block index over the whole network, from 0
 * @param stage the stage index, from 0
 * @param inChannels the input channels
 * @param outChannels the output channels
 * @param stride the stride of the depthwise convolution
 * @param inHeight the input height
 * @param inWidth the input width
 * @param outHeight the output height
 * @param outWidth the output width
 */
public record BlockSlot(
        int index,
        int stage,
        int inChannels,
        int outChannels,
        int stride,
        int inHeight,
        int inWidth,
        int outHeight,
        int outWidth) {

    /**
     * Returns whether the block keeps its input shape (stride 1, same channels): only then can it
     * be skipped or have a residual connection.
     *
     * @return true if the output shape equals the input shape
     */
    public boolean keepsShape() {
        return stride == 1 && inChannels == outChannels;
    }
}
