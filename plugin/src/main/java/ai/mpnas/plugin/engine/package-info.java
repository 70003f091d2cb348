/**
 * What mpnas does differently per DJL engine, in one place ({@link ai.mpnas.plugin.engine.EngineQuirks}),
 * and copies that stay inside the engine ({@link ai.mpnas.plugin.engine.NativeCopy}).
 */
package ai.mpnas.plugin.engine;
