/** Training pieces shared by the search and by training from scratch: optimizer, schedules, checkpoints. */
package ai.mpnas.search.train;
