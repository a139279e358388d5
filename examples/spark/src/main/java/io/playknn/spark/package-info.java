/** Every item's exact nearest neighbours computed on Apache Spark; nothing is null unless documented. */
package io.playknn.spark;
