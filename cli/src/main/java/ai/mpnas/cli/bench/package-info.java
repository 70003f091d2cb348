/** Benchmarks behind {@code ./mpnas bench}, each printing one JSON object of measured numbers. */
package ai.mpnas.cli.bench;
