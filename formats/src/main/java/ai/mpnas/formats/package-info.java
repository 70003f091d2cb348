/**
 * The files mpnas writes, in one place: {@link ai.mpnas.formats.AtomicFiles} (the one atomic
 * writer of every file and directory).
 */
package ai.mpnas.formats;
