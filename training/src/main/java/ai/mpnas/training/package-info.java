/**
 * Training networks, for the search and from scratch: {@link ai.mpnas.training.ScratchTraining}
 * (one fixed network trained and evaluated with one recipe), the momentum SGD optimizer and its
 * schedule, training steps, checkpoints that survive a kill, the epoch history, and the options
 * every run shares ({@link ai.mpnas.training.RunBuilder}).
 */
package ai.mpnas.training;
