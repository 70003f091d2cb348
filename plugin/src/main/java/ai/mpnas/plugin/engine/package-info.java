/** What mpnas does differently per DJL engine, in one place ({@link ai.mpnas.plugin.engine.EngineQuirks}). */
package ai.mpnas.plugin.engine;
