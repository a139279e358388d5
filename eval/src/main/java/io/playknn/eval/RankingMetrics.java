package io.playknn.eval;

import io.playknn.internal.Checks;
import java.util.Arrays;
import java.util.Objects;

/**
 * Per-user ranking metrics at a cut-off {@code K}, with binary relevance: an item is relevant if it
 * is in the user's held-out set {@code T}. The ranked list {@code L} is best first; only its first
 * {@code min(K, |L|)} items count, and a list shorter than {@code K} (a catalogue too small) is not
 * padded: its missing positions are simply non-relevant. {@code rel(i)} is 1 if the item at 1-based
 * rank {@code i} is in {@code T}, else 0; {@code hits = Σ_{i ≤ K} rel(i)}.
 *
 * <p>Every function is pure; {@code relevant} must be sorted ascending without repeats (as {@link
 * HoldoutSplit#heldOut(int)} gives it) and non-empty, and {@code ranked} must not repeat an item
 * within its top K. The per-user metrics check both and throw {@link IllegalArgumentException}
 * otherwise.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /**
   * Hit rate at K, per user: 1 if at least one relevant item is in the top K, else 0. Its mean over
   * users is the "HR@K" of Deshpande &amp; Karypis, "Item-based top-N recommendation algorithms",
   * ACM TOIS 22(1), 2004, §6.
   *
   * @param ranked the recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param relevant the held-out items, sorted ascending, non-empty
   * @return 0 or 1
   */
  public static double hit(int[] ranked, int k, int[] relevant) {
    return hits(ranked, k, relevant) > 0 ? 1 : 0;
  }

  /**
   * Precision at K: {@code hits / K}, the denominator K even when fewer than K items could be
   * recommended (Cremonesi, Koren &amp; Turrin, "Performance of recommender algorithms on top-N
   * recommendation tasks", RecSys 2010, §2.2).
   *
   * @param ranked the recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param relevant the held-out items, sorted ascending, non-empty
   * @return in {@code [0, 1]}
   */
  public static double precision(int[] ranked, int k, int[] relevant) {
    return (double) hits(ranked, k, relevant) / k;
  }

  /**
   * Recall at K: {@code hits / |T|} (Cremonesi, Koren &amp; Turrin 2010, §2.2).
   *
   * @param ranked the recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param relevant the held-out items, sorted ascending, non-empty
   * @return in {@code [0, 1]}
   */
  public static double recall(int[] ranked, int k, int[] relevant) {
    return (double) hits(ranked, k, relevant) / relevant.length;
  }

  /**
   * Normalised discounted cumulative gain at K with binary gains: {@code DCG = Σ_{i ≤ K} rel(i) /
   * log2(i + 1)}, divided by the ideal {@code IDCG = Σ_{i ≤ min(K, |T|)} 1 / log2(i + 1)} (Järvelin
   * &amp; Kekäläinen, "Cumulated gain-based evaluation of IR techniques", ACM TOIS 20(4), 2002).
   *
   * @param ranked the recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param relevant the held-out items, sorted ascending, non-empty
   * @return in {@code [0, 1]}
   */
  public static double ndcg(int[] ranked, int k, int[] relevant) {
    check(ranked, k, relevant);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (isRelevant(relevant, ranked[i])) {
        dcg += 1 / log2(i + 2);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(k, relevant.length); i++) {
      ideal += 1 / log2(i + 2);
    }
    return dcg / ideal;
  }

  /**
   * Average precision at K: {@code AP = Σ_{i ≤ K} rel(i) × P@i / min(K, |T|)}, {@code P@i} the
   * precision of the first {@code i} items; its mean over users is MAP@K (Manning, Raghavan &amp;
   * Schütze, <i>Introduction to Information Retrieval</i>, 2008, §8.4, with the {@code min(K, |T|)}
   * normaliser so that a perfect top-K scores 1).
   *
   * @param ranked the recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param relevant the held-out items, sorted ascending, non-empty
   * @return in {@code [0, 1]}
   */
  public static double averagePrecision(int[] ranked, int k, int[] relevant) {
    check(ranked, k, relevant);
    double sum = 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (isRelevant(relevant, ranked[i])) {
        hits++;
        sum += (double) hits / (i + 1);
      }
    }
    return sum / Math.min(k, relevant.length);
  }

  /**
   * Reciprocal rank at K: {@code 1 / i} for the 1-based rank {@code i ≤ K} of the first relevant
   * item, 0 if none; its mean over users is MRR (Voorhees, "The TREC-8 question answering track
   * report", TREC 1999).
   *
   * @param ranked the recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param relevant the held-out items, sorted ascending, non-empty
   * @return in {@code [0, 1]}
   */
  public static double reciprocalRank(int[] ranked, int k, int[] relevant) {
    check(ranked, k, relevant);
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (isRelevant(relevant, ranked[i])) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  /**
   * Mean popularity of the top K: {@code Σ_{i ≤ min(K, |L|)} pop(L_i) / min(K, |L|)}, {@code pop}
   * the fraction of training users who played the item; 0 for an empty list. Its mean over users is
   * the average recommendation popularity (ARP) of Abdollahpouri, Burke &amp; Mobasher, "Managing
   * popularity bias in recommender systems with personalized re-ranking", FLAIRS 2019, §4.
   *
   * @param ranked the recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param popularity per item, the fraction of training users who played it
   * @return the mean popularity
   */
  public static double meanPopularity(int[] ranked, int k, double[] popularity) {
    Objects.requireNonNull(popularity, "popularity");
    int m = listed(ranked, k);
    double sum = 0;
    for (int i = 0; i < m; i++) {
      sum += popularity[ranked[i]];
    }
    return m == 0 ? 0 : sum / m;
  }

  /**
   * Novelty of the top K as mean self-information: {@code Σ_{i ≤ min(K, |L|)} log2(U / max(u(L_i),
   * 1)) / min(K, |L|)}, {@code u(j)} the number of training users who played item {@code j} and
   * {@code U} the number of training users (an item nobody played counts as played once); 0 for an
   * empty list. Zhou et al., "Solving the apparent diversity–accuracy dilemma of recommender
   * systems", PNAS 107(10), 2010 (novelty {@code N(L)}).
   *
   * @param ranked the recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param listeners per item, the number of training users who played it
   * @param users the number of training users, {@code >= 1}
   * @return mean self-information in bits
   */
  public static double novelty(int[] ranked, int k, int[] listeners, int users) {
    Objects.requireNonNull(listeners, "listeners");
    Checks.atLeast("users", users, 1);
    int m = listed(ranked, k);
    double sum = 0;
    for (int i = 0; i < m; i++) {
      sum += log2((double) users / Math.max(listeners[ranked[i]], 1));
    }
    return m == 0 ? 0 : sum / m;
  }

  /**
   * Catalogue coverage at K: the fraction of all items that appear in at least one user's top K
   * (Ge, Delgado-Battenfeld &amp; Jannach, "Beyond accuracy: evaluating recommender systems by
   * coverage and serendipity", RecSys 2010, §3; "prediction coverage" of Herlocker et al., ACM TOIS
   * 22(1), 2004).
   *
   * @param lists every user's recommendations, best first
   * @param k the cut-off, {@code >= 1}
   * @param items the catalogue size, {@code >= 1}
   * @return in {@code [0, 1]}
   */
  public static double coverage(Iterable<int[]> lists, int k, int items) {
    Objects.requireNonNull(lists, "lists");
    Checks.atLeast("items", items, 1);
    Checks.atLeast("k", k, 1);
    boolean[] seen = new boolean[items];
    int distinct = 0;
    for (int[] list : lists) {
      for (int i = 0; i < Math.min(k, list.length); i++) {
        int item = Checks.index("recommended item", list[i], items, "items");
        if (!seen[item]) {
          seen[item] = true;
          distinct++;
        }
      }
    }
    return (double) distinct / items;
  }

  static int hits(int[] ranked, int k, int[] relevant) {
    check(ranked, k, relevant);
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (isRelevant(relevant, ranked[i])) {
        hits++;
      }
    }
    return hits;
  }

  private static int listed(int[] ranked, int k) {
    Objects.requireNonNull(ranked, "ranked");
    Checks.atLeast("k", k, 1);
    return Math.min(k, ranked.length);
  }

  /**
   * The preconditions every per-user metric relies on: an unsorted {@code relevant} would make the
   * binary search miss hits, and a repeated item in the top K would count one hit twice (recall or
   * NDCG above 1).
   */
  private static void check(int[] ranked, int k, int[] relevant) {
    Objects.requireNonNull(ranked, "ranked");
    Objects.requireNonNull(relevant, "relevant");
    Checks.atLeast("k", k, 1);
    Checks.require(relevant.length > 0, "relevant must not be empty");
    for (int i = 1; i < relevant.length; i++) {
      if (relevant[i] <= relevant[i - 1]) {
        Checks.require(false, "relevant must be sorted ascending without repeats, but holds %d"
            + " before %d", relevant[i - 1], relevant[i]);
      }
    }
    int[] top = Arrays.copyOf(ranked, Math.min(k, ranked.length));
    Arrays.sort(top);
    for (int i = 1; i < top.length; i++) {
      if (top[i] == top[i - 1]) {
        Checks.require(false, "ranked must not repeat an item in its top %d, but item %d repeats",
            k, top[i]);
      }
    }
  }

  private static boolean isRelevant(int[] relevant, int item) {
    return Arrays.binarySearch(relevant, item) >= 0;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
