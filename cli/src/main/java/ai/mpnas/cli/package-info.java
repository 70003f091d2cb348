/** The mpnas command line. */
package ai.mpnas.cli;
