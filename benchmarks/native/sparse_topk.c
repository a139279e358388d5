/*
 * The standard exact all-items cosine top-K kernel, single-threaded, in C: the baseline the
 * full-scale issue quotes ("sparse accumulation with a top-K heap, as in implicit and
 * sparse_dot_topn"). For each row: accumulate row · transpose over the row's features, tracking
 * touched candidates in a linked list (as sparse_dot_topn does), then keep the K best by
 * (distance, index) with nth_element-style partitioning and a final sort. Rows with fewer than K
 * touched artists are completed with untouched ones at distance 1 in index order, so the result is
 * the same table as the Java kernel's (on positive data, where every touched artist is below
 * distance 1) and the checksums can be compared.
 *
 * Input: the file written by io.playknn.benchmarks.CsrExport (rows already L2-normalised).
 * Build and run: see benchmarks/native/README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
  double d;
  int i;
} Pair;

static int cmp(const Pair *x, const Pair *y) {
  if (x->d < y->d) return -1;
  if (x->d > y->d) return 1;
  return (x->i > y->i) - (x->i < y->i);
}

static int cmp_qsort(const void *a, const void *b) { return cmp(a, b); }

/* Partitions c[0, n) so that c[0, k) holds the k best pairs. */
static void select_best(Pair *c, int n, int k) {
  int lo = 0, hi = n - 1, kk = k - 1;
  while (lo < hi) {
    Pair pivot = c[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (cmp(&c[i], &pivot) < 0) i++;
      while (cmp(&c[j], &pivot) > 0) j--;
      if (i <= j) {
        Pair t = c[i];
        c[i] = c[j];
        c[j] = t;
        i++;
        j--;
      }
    }
    if (kk <= j) hi = j;
    else if (kk >= i) lo = i;
    else break;
  }
}

static void *read_array(FILE *f, size_t bytes) {
  void *p = malloc(bytes);
  if (p == NULL || fread(p, 1, bytes, f) != bytes) {
    fprintf(stderr, "short read\n");
    exit(2);
  }
  return p;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sparse_topk FILE [K]\n");
    return 2;
  }
  int k = argc > 2 ? atoi(argv[2]) : 100;
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) {
    perror(argv[1]);
    return 2;
  }
  int32_t header[3];
  if (fread(header, 4, 3, f) != 3) return 2;
  int rows = header[0], cols = header[1], nnz = header[2];
  int32_t *rp = read_array(f, 4 * ((size_t)rows + 1));
  int32_t *rc = read_array(f, 4 * (size_t)nnz);
  double *rv = read_array(f, 8 * (size_t)nnz);
  int32_t *cp = read_array(f, 4 * ((size_t)cols + 1));
  int32_t *ci = read_array(f, 4 * (size_t)nnz);
  double *cv = read_array(f, 8 * (size_t)nnz);
  fclose(f);

  double *acc = calloc(rows, sizeof(double));
  int *next = malloc(sizeof(int) * rows);
  Pair *cand = malloc(sizeof(Pair) * rows);
  for (int j = 0; j < rows; j++) next[j] = -1;
  int cuts[] = {0, 3000, 30000, rows};
  double checksum = 0, total = 0;
  long total_mads = 0;
  for (int c = 0; c < 3; c++) {
    int from = cuts[c] < rows ? cuts[c] : rows, to = cuts[c + 1] < rows ? cuts[c + 1] : rows;
    long mads = 0;
    double t0 = now();
    for (int a = from; a < to; a++) {
      int head = -2, len = 0;
      for (int p = rp[a]; p < rp[a + 1]; p++) {
        int u = rc[p];
        double q = rv[p];
        for (int s = cp[u]; s < cp[u + 1]; s++) {
          int j = ci[s];
          acc[j] += q * cv[s];
          if (next[j] == -1) {
            next[j] = head;
            head = j;
            len++;
          }
        }
        mads += cp[u + 1] - cp[u];
      }
      int n = 0;
      /* Artists sharing no listener are at distance 1, ranked by index: when fewer than k were
       * touched, the first untouched ones (next[j] == -1) fill up, as in the Java table. */
      int touched_others = len - (next[a] != -1 ? 1 : 0);
      for (int j = 0; touched_others + n < k && j < rows; j++) {
        if (j != a && next[j] == -1) {
          cand[n].d = 1.0;
          cand[n].i = j;
          n++;
        }
      }
      for (int t = 0; t < len; t++) {
        int j = head;
        head = next[j];
        next[j] = -1;
        if (j != a) {
          double d = 1.0 - acc[j];
          cand[n].d = d < 0 ? 0 : (d > 2 ? 2 : d);
          cand[n].i = j;
          n++;
        }
        acc[j] = 0;
      }
      if (n > k) {
        select_best(cand, n, k);
        n = k;
      }
      qsort(cand, n, sizeof(Pair), cmp_qsort);
      for (int t = 0; t < n; t++) checksum += cand[t].d + cand[t].i * 1e-6;
    }
    double seconds = now() - t0;
    printf("rows %d..%d: %.2f s, %ld multiply-adds, %.1f ns each\n", from, to, seconds, mads,
           seconds * 1e9 / (mads > 0 ? mads : 1));
    total += seconds;
    total_mads += mads;
  }
  printf("all %d rows, K=%d: %.2f s, %ld multiply-adds, %.1f ns each, checksum %.6f\n", rows, k,
         total, total_mads, total * 1e9 / total_mads, checksum);
  return 0;
}
