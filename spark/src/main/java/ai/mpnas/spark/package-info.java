/**
 * The protocol sweep on Apache Spark ({@code mpnas sweep --protocol --spark MASTER}, or {@code
 * spark-submit} of {@link ai.mpnas.spark.SparkSweep}): one Spark task per point, each point the
 * ordinary {@code mpnas} command lines in a child JVM on the {@code mpnas} classpath (Spark never
 * joins it), the table written by the driver exactly as the local sweep writes it.
 */
package ai.mpnas.spark;
