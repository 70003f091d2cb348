package ai.mpnas.plugin.space;

/**
 * The shape of one input image, channels first.
 *
 * @param channels the number of channels (1 for grayscale, 3 for RGB)
 * @param height the height in pixels
 * @param width the width in pixels
 */
public record InputShape(int channels, int height, int width) {}
