/** The {@code "brute"} provider: exact sparse brute-force search by accumulation over shared users. */
package io.playknn.knn.brute;
