/** Runnable programs that show the library doing the whole job on the shipped reference data. */
package io.playknn.examples;
