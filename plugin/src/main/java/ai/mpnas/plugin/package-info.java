/**
 * DJL blocks for mixed-precision MobileNetV2 search: quantizers, blocks, supernet, search-space
 * data.
 */
package ai.mpnas.plugin;
