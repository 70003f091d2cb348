package ai.mpnas.bitfusion;

/** The inner (SRAM to array) dataflow chosen for a tile. */
public enum Dataflow {
    /** Input stationary. */
    IS,
    /** Output stationary. */
    OS,
    /** Weight stationary. */
    WS
}
