/** A DJL model zoo for mpnas models and publishing into it. */
package ai.mpnas.zoo;
