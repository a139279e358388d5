package io.playknn.recommend;

/**
 * One recommended item.
 *
 * @param item the item index
 * @param score its score: for similar items the similarity {@code 1 - cosine distance}, for a
 *     history the weighted sum of similarities (see {@link Recommender})
 */
public record ScoredItem(int item, double score) {}
