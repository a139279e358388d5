#!/bin/bash
# Load test of `serve` with wrk on loopback: names queries for artists drawn from all 1,000 shipped
# artists, k = 15, `wrk -t2 -c8 -d10s` after 30 s of the same load as warm-up, while 64 slowloris connections are held open and greedy
# requests (all 1,000 names, k = 999) are sent and refused. Runs: the model with a stored
# neighbour table (answers read from the table), without one (computed on the fly), and, with
# MODES=reference, the reference's stack (reference_stack.py: Flask and scikit-learn under
# gunicorn with 2 workers; Debian's python3-flask, gunicorn and python3-sklearn, installed when
# missing) answering the same query, without the attack (ATTACK=0 by default for that mode).
#
#   examples/load/serve-load.sh            # from the repository root; builds the jar if missing
#   MODES=reference examples/load/serve-load.sh
#
# Writes examples/load/results/serve-load-<mode>.{json,txt}, attack-<mode>.json and
# environment-<mode>.txt (date, commit, server command, load average). SERVE_ARGS, JAVA_ARGS,
# MODES, TAG, ATTACK, WARMUP, OUT and JAR: see below.
# Bounded: every process it starts stops by itself or is stopped by it; loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${OUT:-$ROOT/examples/load/results}                # where the result files go
J=${JAR:-$ROOT/examples/target/playknn-examples-all.jar} # the jar to serve
WORK=$(mktemp -d)
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}            # load before the measured run, until the JIT has settled
PORT=${PORT:-18080}
SERVE_ARGS=${SERVE_ARGS:-}       # extra serve options, e.g. --no-request-log
JAVA_ARGS=${JAVA_ARGS:-}         # extra JVM options of the server
MODES=${MODES:-table on-the-fly} # which runs
TAG=${TAG:-}                     # suffix of the result files, e.g. no-request-log
ATTACK=${ATTACK:-}               # 1: run the attack beside wrk, 0: not (default: 1, 0 for reference)
SERVER_PID=
ATTACK_PID=
cleanup() {
  [ -n "$ATTACK_PID" ] && kill "$ATTACK_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
if [[ " $MODES " == *" reference "* ]] && ! { command -v gunicorn >/dev/null \
    && /usr/bin/python3 -c 'import flask, sklearn' 2>/dev/null; }; then
  apt-get install -y python3-flask gunicorn python3-sklearn >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y python3-flask gunicorn python3-sklearn >/dev/null; }
fi
[ -f "$J" ] || mvn -B -q -pl examples -am package -DskipTests
mkdir -p "$OUT"

# The models: the reference's options (cosine, brute, n_neighbors 101), with and without a table.
java -cp "$J" io.playknn.examples.Cli train --data data/lastfm-seed/artist_user_mtrx.npz \
    --model "$WORK/table.pknn" --neighbors 101 --table-neighbors 100 > "$WORK/train-table.log"
java -cp "$J" io.playknn.examples.Cli train --data data/lastfm-seed/artist_user_mtrx.npz \
    --model "$WORK/plain.pknn" --neighbors 101 > "$WORK/train-plain.log"

# wrk's request script: every request a names query for one random artist of the 1,000.
python3 - "$WORK/names.lua" <<'PY'
import json, sys
names = [l.rstrip("\n").split("\t")[1] for l in open("data/lastfm-seed/artists.tsv", encoding="utf-8")][1:]
assert len(names) == 1000
bodies = ",\n".join(json.dumps(json.dumps({"artists": [n], "k": 15}, ensure_ascii=False), ensure_ascii=False) for n in names)
open(sys.argv[1], "w", encoding="utf-8").write("""
local bodies = {%s}
local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(id * 7919)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  non200 = 0
end
function request()
  return wrk.format(nil, "/invocations", nil, bodies[math.random(#bodies)])
end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non200") end
  local e = summary.errors
  local f = io.open(os.getenv("WRK_JSON"), "w")
  f:write(string.format('{"requests": %%d, "duration_s": %%.3f, "requests_per_s": %%.1f, '
    .. '"latency_ms": {"p50": %%.3f, "p90": %%.3f, "p99": %%.3f, "max": %%.3f}, '
    .. '"non_200": %%d, "socket_errors": {"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}}\\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, bad, e.connect, e.read, e.write, e.timeout))
  f:close()
end
""" % bodies)
PY

run() {  # run NAME ATTACK COMMAND...: COMMAND starts the server on $PORT
  local name=$1${TAG:+-$TAG} attack=$2
  shift 2
  {
    echo "date: $(date -u +%FT%TZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpus: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "server: $*"
    echo "attack: $attack"
    java -version 2>&1 | head -1
    wrk --version 2>&1 | head -1 || true
  } > "$OUT/environment-$name.txt"
  "$@" > "$WORK/serve-$name.out" 2> "$WORK/serve-$name.log" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/ping" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fs "http://127.0.0.1:$PORT/ping" > "$WORK/ping-$name.json"
  # Warm-up, not recorded: C2 goes on compiling the request path for about 20 s of this load.
  WRK_JSON=/dev/null wrk -t2 -c8 -d"$WARMUP" -s "$WORK/names.lua" "http://127.0.0.1:$PORT" >/dev/null
  if [ "$attack" = 1 ]; then
    python3 "$ROOT/examples/load/attack.py" --port "$PORT" --seconds 16 --slowloris 64 \
        --names data/lastfm-seed/artists.tsv --out "$OUT/attack-$name.json" &
    ATTACK_PID=$!
    sleep 3   # the 64 connections are open and the greedy requests have started
  fi
  WRK_JSON="$OUT/serve-load-$name.json" wrk -t2 -c8 -d"$DURATION" --latency \
      -s "$WORK/names.lua" "http://127.0.0.1:$PORT" | tee "$OUT/serve-load-$name.txt"
  curl -fs "http://127.0.0.1:$PORT/ping" >/dev/null || { echo "ping failed after the run" >&2; exit 1; }
  if [ -n "$ATTACK_PID" ]; then
    wait "$ATTACK_PID"; ATTACK_PID=
  fi
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
  echo "$name: $(cat "$OUT/serve-load-$name.json")"
  [ "$attack" = 1 ] && echo "attack: $(cat "$OUT/attack-$name.json")"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/environment-$name.txt"
  return 0
}
serve() {  # serve MODEL (exec: the background job's PID is the server's)
  exec java -Xmx1g $JAVA_ARGS -cp "$J" io.playknn.examples.Cli serve --model "$1" --host 127.0.0.1 \
      --port "$PORT" $SERVE_ARGS
}

for mode in $MODES; do
  case $mode in
    table) run table "${ATTACK:-1}" serve "$WORK/table.pknn" ;;
    on-the-fly) run on-the-fly "${ATTACK:-1}" serve "$WORK/plain.pknn" ;;
    reference) run reference "${ATTACK:-0}" gunicorn -w 2 -b "127.0.0.1:$PORT" \
        --chdir "$ROOT/examples/load" reference_stack:app ;;
    *) echo "unknown mode $mode (table, on-the-fly, reference)" >&2; exit 2 ;;
  esac
done
