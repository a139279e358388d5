#!/usr/bin/python3
"""The attack that runs beside the load test (examples/load/serve-load.sh), loopback only and
bounded: for --seconds, hold --slowloris connections open that send a request's headers one line
a second and never finish them (each reopened when the server closes it), and send greedy
requests (every artist, k = 999) one after another, counting the answers. Writes a JSON summary.
"""
import argparse
import json
import socket
import threading
import time

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--seconds", type=float, required=True)
p.add_argument("--slowloris", type=int, default=64)
p.add_argument("--names", required=True)
p.add_argument("--out", required=True)
a = p.parse_args()
HOST = "127.0.0.1"
deadline = time.monotonic() + a.seconds
stats = {"slowloris_connections": a.slowloris, "slowloris_opened": 0, "slowloris_closed_by_server": 0,
         "greedy_sent": 0, "greedy_status": {}, "greedy_errors": 0}
lock = threading.Lock()


def count(key, by=1):
    with lock:
        stats[key] += by


def slowloris(i):
    s = None
    line = 0
    while time.monotonic() < deadline:
        try:
            if s is None:
                s = socket.create_connection((HOST, a.port), timeout=2)
                s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\n")
                count("slowloris_opened")
            time.sleep(1)
            s.sendall(b"X-Slow-%d: %d\r\n" % (line, i))
            line += 1
        except OSError:
            count("slowloris_closed_by_server")
            if s is not None:
                s.close()
            s = None
    if s is not None:
        s.close()


names = [l.rstrip("\n").split("\t")[1] for l in open(a.names, encoding="utf-8")][1:]
greedy = json.dumps({"artists": names, "k": 999}).encode()
request = (b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(greedy)) + greedy


def greedy_loop():
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, a.port), timeout=5) as s:
                s.sendall(request)
                head = s.recv(64).decode("latin-1")
                status = head.split(" ")[1] if head.startswith("HTTP/1.1 ") else "none"
                with lock:
                    stats["greedy_sent"] += 1
                    stats["greedy_status"][status] = stats["greedy_status"].get(status, 0) + 1
        except OSError:
            count("greedy_errors")
        time.sleep(0.05)


threads = [threading.Thread(target=slowloris, args=(i,)) for i in range(a.slowloris)]
threads.append(threading.Thread(target=greedy_loop))
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(a.out, "w") as f:
    json.dump(stats, f)
    f.write("\n")
