"""Scale-out on Dask: `newsevents extract|ingest --engine dask`.

The input (JSONL or Parquet files, local or any fsspec URL, globs allowed) is cut into partitions
that the workers read themselves: JSONL into byte blocks that end at a line end, Parquet into row
groups. Each worker builds one pipeline (a worker plugin does it when the worker joins; a task on a
worker that has none builds it then) and annotates its partitions. The output is, line for line,
what a single-process run writes:

- one JSONL file (`--output out.jsonl` or '-'): the client writes the partitions in input order;
- a folder of parts (`--output DIR --output-format jsonl|parquet`): each worker writes its
  partition as `part-00000.jsonl` / `.parquet`; read in name order they are the same records.

`ingest --engine dask` keeps the reading and the store in the main process (the one writer): it
sends chunks of new documents to the workers and stores the annotations in input order.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .contract import DocumentError, to_dict
from .parallel import PipelineOptions, run_ordered
from .pipeline import Item, Pipeline, Result

DEFAULT_PARTITION_BYTES = 1 << 20  # about 500 news articles: a few seconds of work per partition
PARQUET_COLUMNS = ("id", "published", "error_code", "events", "triage_skipped", "annotation")

# ---- the worker side ---------------------------------------------------------------------------

_pipelines: dict[PipelineOptions, Pipeline] = {}


def pipeline_for(options: PipelineOptions) -> Pipeline:
    """This worker process's pipeline for `options`, built on first use and kept."""
    pipeline = _pipelines.get(options)
    if pipeline is None:
        pipeline = _pipelines[options] = options.build()
        gc.freeze()  # the models stay for the worker's life: keep them out of garbage collections
    return pipeline


def _plugin_class() -> type:
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoadPipeline(WorkerPlugin):
        """Builds the pipeline as each worker starts, so no task waits for a model load."""

        name = "newsevents-pipeline"

        def __init__(self, options: PipelineOptions):
            self.options = options

        def setup(self, worker: Any) -> None:
            pipeline_for(self.options)

    return LoadPipeline


def json_line(result: Result) -> str:
    """The output line of one result, exactly as `newsevents extract` writes it."""
    return json.dumps(to_dict(result), ensure_ascii=False)


@dataclass(frozen=True)
class Partition:
    """One piece of the input: a byte block of a JSONL file or a row group of a Parquet file."""

    url: str
    kind: str  # "jsonl" or "parquet"
    offset: int = 0  # JSONL: first byte; Parquet: row group
    length: int = 0  # JSONL: bytes (the block ends at the first line end at or after offset+length)
    first_line: int = 1  # JSONL: the number of the block's first line (for error messages)
    index: int = 0


def _read_block(partition: Partition) -> bytes:
    from fsspec.core import url_to_fs
    from fsspec.utils import read_block

    fs, path = url_to_fs(partition.url)
    with fs.open(path, "rb") as handle:
        return read_block(handle, partition.offset, partition.length, delimiter=b"\n")


def _partition_items(partition: Partition) -> Iterator[Item]:
    from .ingest import parse_line, parse_record

    if partition.kind == "jsonl":
        text = _read_block(partition).decode("utf-8", errors="replace")
        # a text-mode stream splits lines exactly as reading the file with open() does
        for number, line in enumerate(io.StringIO(text, newline=None), start=partition.first_line):
            item = parse_line(line, number)
            if item is not None:
                yield item
        return
    import pyarrow.parquet as pq
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(partition.url)
    with fs.open(path, "rb") as handle:
        table = pq.ParquetFile(handle).read_row_group(partition.offset)
    for number, record in enumerate(table.to_pylist(), start=1):
        record = {k: v for k, v in record.items() if v is not None}
        if "published" in record and not isinstance(record["published"], str):
            record["published"] = str(record["published"])  # a Parquet date or timestamp column
        yield parse_record(record, f"{partition.url}: row group {partition.offset}, row {number}")


def count_lines(partition: Partition) -> int:
    """The number of lines in a JSONL block, as a text-mode reader would count them."""
    text = _read_block(partition).decode("utf-8", errors="replace")
    return sum(1 for _ in io.StringIO(text, newline=None))


def annotate_partition(partition: Partition, options: PipelineOptions) -> list[str]:
    """The output lines of one partition (runs on a worker)."""
    return [json_line(result) for result in pipeline_for(options).process(_partition_items(partition))]


def annotate_items(items: list[Item], options: PipelineOptions) -> list[Result]:
    """Annotations of documents the client sent (runs on a worker; used by ingest)."""
    return list(pipeline_for(options).process(items))


def results_table(lines: list[str]) -> Any:
    """A pyarrow table of output lines: a few columns to filter on and the whole JSON record."""
    import pyarrow as pa

    rows: dict[str, list[Any]] = {name: [] for name in PARQUET_COLUMNS}
    for line in lines:
        record = json.loads(line)
        rows["id"].append(record.get("id"))
        rows["published"].append(record.get("published"))
        rows["error_code"].append(record["error"]["code"] if "error" in record else None)
        rows["events"].append(len(record.get("events", [])))
        rows["triage_skipped"].append(bool(record.get("triage_skipped", False)))
        rows["annotation"].append(line)
    schema = pa.schema([("id", pa.string()), ("published", pa.string()), ("error_code", pa.string()),
                        ("events", pa.int32()), ("triage_skipped", pa.bool_()), ("annotation", pa.string())])
    return pa.Table.from_pydict(rows, schema=schema)


def write_part(lines: list[str], folder: str, index: int, output_format: str) -> int:
    """Write one partition's output as `part-NNNNN.<format>` under `folder`; the count written."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(folder)
    fs.makedirs(root, exist_ok=True)
    path = f"{root.rstrip('/')}/part-{index:05d}.{output_format}"
    if output_format == "parquet":
        import pyarrow.parquet as pq

        with fs.open(path, "wb") as handle:
            pq.write_table(results_table(lines), handle)
    else:
        with fs.open(path, "wb") as handle:
            handle.write("".join(line + "\n" for line in lines).encode("utf-8"))
    return len(lines)


def annotate_and_write(partition: Partition, options: PipelineOptions, folder: str,
                       output_format: str) -> list[str]:
    """Annotate a partition and write it as a part file on the worker; only errors come back
    (so the client can report them)."""
    lines = annotate_partition(partition, options)
    write_part(lines, folder, partition.index, output_format)
    return [line for line in lines if '"error"' in line and error_of(line) is not None]


# ---- the client side ---------------------------------------------------------------------------

def input_files(urls: Iterable[str]) -> list[tuple[str, str]]:
    """(url, kind) for every input file, globs expanded, in a stable order."""
    from fsspec.core import url_to_fs

    found: list[tuple[str, str]] = []
    for url in urls:
        fs, path = url_to_fs(url)
        paths = sorted(fs.glob(path)) if any(ch in path for ch in "*?[") else [path]
        if not paths:
            raise FileNotFoundError(f"no input matches {url}")
        for item in paths:
            kind = "parquet" if item.endswith((".parquet", ".pq")) else "jsonl"
            found.append((fs.unstrip_protocol(item), kind))
    return found


def plan_partitions(urls: Iterable[str], partition_bytes: int = DEFAULT_PARTITION_BYTES) -> list[Partition]:
    """The partitions of the inputs, in input order (line numbers are filled in later)."""
    from fsspec.core import url_to_fs

    partitions: list[Partition] = []
    for url, kind in input_files(urls):
        fs, path = url_to_fs(url)
        if kind == "parquet":
            import pyarrow.parquet as pq  # only needed for Parquet input

            with fs.open(path, "rb") as handle:
                groups = pq.ParquetFile(handle).num_row_groups
            partitions += [Partition(url, kind, group) for group in range(groups)]
            continue
        size = fs.size(path)
        blocks = max(1, math.ceil(size / partition_bytes))
        partitions += [Partition(url, kind, k * partition_bytes, partition_bytes) for k in range(blocks)]
    return [Partition(p.url, p.kind, p.offset, p.length, p.first_line, index)
            for index, p in enumerate(partitions)]


def number_lines(client: Any, partitions: list[Partition]) -> list[Partition]:
    """Give each JSONL block the number of its first line (counted on the workers, in parallel),
    so error messages name the same line as a single-process run does."""
    counts = client.gather(client.map(count_lines, [p for p in partitions if p.kind == "jsonl"], pure=False))
    numbered, next_line, url = [], 1, None
    count_of = iter(counts)
    for p in partitions:
        if p.kind != "jsonl":
            numbered.append(p)
            continue
        if p.url != url:
            url, next_line = p.url, 1
        numbered.append(Partition(p.url, p.kind, p.offset, p.length, next_line, p.index))
        next_line += next(count_of)
    return numbered


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int, options: PipelineOptions) -> Iterator[Any]:
    """A client of the given scheduler, or of a local cluster of `workers` processes; every worker
    loads the pipeline once, when it joins."""
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None))
            client = stack.enter_context(Client(cluster))
            client.wait_for_workers(workers)  # every worker gets the plugin, and so its pipeline
        client.register_plugin(_plugin_class()(options))
        yield client


def total_threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def extract_lines(client: Any, partitions: list[Partition], options: PipelineOptions) -> Iterator[str]:
    """Output lines of all partitions, in input order, with a bounded number in flight."""
    window = 2 * total_threads(client)

    def submit(batch: list[Partition]) -> Any:
        return client.submit(annotate_partition, batch[0], options, pure=False)

    yield from run_ordered(partitions, submit, chunk_size=1, window=window)


def extract_to_folder(client: Any, partitions: list[Partition], options: PipelineOptions, folder: str,
                      output_format: str) -> Iterator[str]:
    """Each worker writes its partitions as part files; yields the error lines, in order."""
    futures = client.map(annotate_and_write, partitions, options=options, folder=folder,
                         output_format=output_format, pure=False)
    for future in futures:
        yield from future.result()


@dataclass
class DaskAnnotator:
    """A pipeline stand-in for `ingest`: chunks of documents go to the Dask workers, results come
    back in input order to the caller, which stores them."""

    client: Any
    options: PipelineOptions = field(default_factory=PipelineOptions)
    load_seconds: float = 0.0

    def process(self, items: Iterable[Item]) -> Iterator[Result]:
        def submit(chunk: list[Item]) -> Any:
            return self.client.submit(annotate_items, chunk, self.options, pure=False)

        yield from run_ordered(items, submit, self.options.batch_size, window=3 * total_threads(self.client))


def error_of(line: str) -> DocumentError | None:
    record = json.loads(line)
    if "error" not in record:
        return None
    return DocumentError(record.get("id"), record["error"]["code"], record["error"]["message"])


# ---- the command line (`newsevents extract --engine dask`) -------------------------------------

def _is_folder(output: str, output_format: str) -> bool:
    return output_format == "parquet" or output.endswith("/")


def run_extract(args: Any) -> int:
    """`newsevents extract --engine dask`: partitions in, JSONL file or part files out."""
    import time

    from fsspec.core import url_to_fs

    from .console import pipeline_options, stderr

    if args.input == "-":
        stderr.print("[red]error:[/red] --engine dask reads files or URLs: give --input")
        return 2
    output_format = getattr(args, "output_format", "jsonl")
    options = pipeline_options(args)
    try:
        partitions = plan_partitions([args.input], getattr(args, "partition_size", DEFAULT_PARTITION_BYTES))
    except (OSError, ValueError) as exc:
        stderr.print(f"[red]error:[/red] cannot read {args.input}: {exc}")
        return 1
    started = time.perf_counter()
    written = errors = 0
    with dask_client(args.scheduler, args.workers, options) as client:
        partitions = number_lines(client, partitions)
        if _is_folder(args.output, output_format):
            for line in extract_to_folder(client, partitions, options, args.output, output_format):
                errors += 1
                if not args.quiet:
                    error = error_of(line)
                    stderr.print(f"[yellow]skipped[/yellow] {error.id or '(no id)'}: {error.message}")
        else:
            with contextlib.ExitStack() as stack:
                if args.output == "-":
                    import sys

                    out = sys.stdout
                else:
                    fs, path = url_to_fs(args.output)
                    out = stack.enter_context(fs.open(path, "w", encoding="utf-8"))
                for line in extract_lines(client, partitions, options):
                    out.write(line + "\n")
                    written += 1
                    if '"error"' in line and error_of(line) is not None:
                        errors += 1
                out.flush()
    if not args.quiet:
        elapsed = time.perf_counter() - started
        where = f"{len(partitions)} partitions"
        stderr.print(f"{where} annotated on Dask in {elapsed:.1f} s ({errors} errors)"
                     + (f", {written} lines written" if written else ""))
    return 0
