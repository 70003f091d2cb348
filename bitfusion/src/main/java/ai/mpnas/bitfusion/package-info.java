/** The Bit Fusion accelerator cost model. */
package ai.mpnas.bitfusion;
