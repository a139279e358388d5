/**
 * Measures of recommendation quality: the reference's hit rate (corrected), held-out ranking
 * metrics, baselines, confidence intervals and paired tests. (To be built: issue "eval".)
 */
package io.playknn.eval;
