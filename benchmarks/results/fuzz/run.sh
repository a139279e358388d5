#!/usr/bin/env bash
# Runs Jazzer fuzz targets one after the other (see docs/FUZZING.md) and keeps each run's summary
# lines (start, coverage pulses, end, JUnit result) in benchmarks/results/fuzz/<Class>-<method>.txt.
# Usage, from the repository root: bash benchmarks/results/fuzz/run.sh [module:Class#method ...]
set -u
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(core:ModelFileFuzzTest#read core:NpzFuzzTest#readArrays core:NpzFuzzTest#read
           io-lastfm:ReadersFuzzTest#plays io-lastfm:ReadersFuzzTest#profiles
           io-lastfm:ReadersFuzzTest#hetrec)
fi
out=benchmarks/results/fuzz
for t in "${targets[@]}"; do
  module=${t%%:*}
  test=${t#*:}
  name=${test/\#/-}
  log=$(mktemp)
  echo "== $t $(date -u +%FT%TZ) $(git rev-parse --short HEAD)" > "$out/$name.txt"
  JAZZER_FUZZ=1 mvn -B -o -pl "$module" -am test -Dtest="$test" \
    -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1
  rc=$?
  grep -E "INFO: Seed:|INITED|pulse|DONE|^Done [0-9]+ runs|^== Java Exception|FuzzTestFinding|Tests run:.*in io|crash-|artifact_prefix|Test unit written" "$log" \
    | cut -c1-300 >> "$out/$name.txt"
  echo "== exit $rc $(date -u +%FT%TZ)" >> "$out/$name.txt"
  rm -f "$log"
done
