/*
 * Memory latency of this machine: a dependent pointer chase over one cache line per step, in a
 * random cyclic order, through a buffer of the given size, with or without transparent huge
 * pages. Explains the full-scale kernel's cost per multiply-add (see README.md here).
 *
 * Build and run: gcc -O2 -o target/latency benchmarks/native/latency.c
 *                for mb in 2 8 32 256; do target/latency $mb 0; target/latency $mb 1; done
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: latency MEGABYTES HUGE(0|1)\n");
    return 2;
  }
  size_t bytes = (size_t)atoi(argv[1]) << 20;
  int huge = atoi(argv[2]);
  size_t lines = bytes / 64;
  uint32_t *buffer = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buffer == MAP_FAILED) return 2;
  madvise(buffer, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  uint32_t *order = malloc(sizeof(uint32_t) * lines);
  for (size_t i = 0; i < lines; i++) order[i] = (uint32_t)i;
  uint64_t state = 42;
  for (size_t i = lines - 1; i > 0; i--) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    size_t j = (size_t)(state >> 33) % (i + 1);
    uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (size_t i = 0; i < lines; i++) buffer[(size_t)order[i] * 16] = order[(i + 1) % lines] * 16;
  size_t steps = 5000000, p = 0;
  double t0 = now();
  for (size_t i = 0; i < steps; i++) p = buffer[p];
  double ns = (now() - t0) * 1e9 / steps;
  printf("%zu MiB, huge pages %s: %.1f ns per dependent load (end %zu)\n", bytes >> 20,
         huge ? "on" : "off", ns, p);
  return 0;
}
