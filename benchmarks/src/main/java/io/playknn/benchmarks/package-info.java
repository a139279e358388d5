/** JMH benchmarks of the similarity hot loop and the rest; run with {@code java -jar benchmarks/target/benchmarks.jar}. */
package io.playknn.benchmarks;
