/** End-to-end tests and the benchmark runner. */
package ai.mpnas.integration;
