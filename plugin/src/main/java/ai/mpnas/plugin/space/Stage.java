package ai.mpnas.plugin.space;

/**
 * A stage of searchable inverted-residual blocks; the first block applies the stride.
 *
 * @param channels the output channels of every block of the stage
 * @param stride the stride of the first block (the others have stride 1)
 * @param blocks the number of blocks
 */
public record Stage(int channels, int stride, int blocks) {}
