"""Bounded load on loopback: CLIENTS threads send REQUESTS queries (queries/0*.rq and 10-*.rq, round robin)
to `kg serve` in its own process on a free port, then the same queries run in-process on the store.

Usage: python bench/serve.py [--store .kg/store] [--clients 8] [--requests 400]
Starts `kg serve` in its own process on a free loopback port, prints throughput, p50 and p95 with CLIENTS
concurrent clients and with one, the in-process figures, and the HTTP overhead as a ratio. Stops by itself.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.resources import queries_dir
from kg.store.oxigraph import OxigraphStore


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(name: str, latencies: list[float], elapsed: float) -> float:
    print(f"{name:12s} {len(latencies):5d} requests in {elapsed:6.2f} s: {len(latencies) / elapsed:8.1f} req/s, "
          f"p50 {percentile(latencies, 0.5) * 1000:7.2f} ms, p95 {percentile(latencies, 0.95) * 1000:7.2f} ms")
    return statistics.median(latencies)


def run_local(store: OxigraphStore, query: str) -> None:
    """The query in-process, serialised as JSON as the server does for SELECT."""
    results = store.query(query)
    if isinstance(results, (ox.QuerySolutions, ox.QueryBoolean)):
        results.serialize(format=ox.QueryResultsFormat.JSON)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path(".kg/store"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--slow", type=float, default=1.0,
                        help="Leave out queries slower than this many seconds in-process (reported, not hidden).")
    args = parser.parse_args()
    store = OxigraphStore.open_existing(args.store, read_only=True)
    files = []
    for file in sorted([*queries_dir().glob("0*.rq"), *queries_dir().glob("10-*.rq")]):
        began = time.perf_counter()
        run_local(store, file.read_text(encoding="utf-8"))
        took = time.perf_counter() - began
        if took > args.slow:
            print(f"left out {file.name}: {took:.2f} s in-process alone (over --slow {args.slow:g} s)")
        else:
            files.append(file)
    queries = [f.read_text(encoding="utf-8") for f in files]
    work = [queries[i % len(queries)] for i in range(args.requests)]

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    # The server runs in its own process, as users run it: clients in the server's process would share
    # its GIL on two cores and measure contention, not HTTP.
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), "--store", str(args.store)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/sparql", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    endpoint = f"http://127.0.0.1:{port}/sparql"
    local = threading.local()

    def one(query: str) -> float:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=60)
        start = time.perf_counter()
        answer = local.client.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
        answer.raise_for_status()
        return time.perf_counter() - start

    print(f"{len(files)} queries ({', '.join(f.stem[:2] for f in files)}), {args.clients} clients, "
          f"{args.requests} requests, store {args.store}")
    for query in queries:  # warm up the store's caches for both runs
        one(query)
    start = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        report(f"HTTP x{args.clients}", list(pool.map(one, work)), time.perf_counter() - start)
    start = time.perf_counter()
    http_median = report("HTTP x1", [one(query) for query in work], time.perf_counter() - start)
    server.terminate()
    server.wait(10)

    in_process = []
    start = time.perf_counter()
    for query in work:
        began = time.perf_counter()
        run_local(store, query)
        in_process.append(time.perf_counter() - began)
    local_median = report("in-process", in_process, time.perf_counter() - start)
    print(f"HTTP overhead (one client): median latency x{http_median / local_median:.1f} "
          "(the server also writes each SELECT once as TSV for the row cap)")


if __name__ == "__main__":
    main()
