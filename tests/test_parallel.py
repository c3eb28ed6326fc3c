"""Several cores and a Dask cluster give the same output, in the same order, as one process."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsevents.cli import main
from newsevents.contract import to_dict
from newsevents.ingest import read_jsonl
from newsevents.parallel import PipelineOptions, run_ordered

STORIES = [
    "Rebels shelled the town of Kidal on Monday, killing four civilians, the army said.",
    "Police fired tear gas at hundreds of students protesting in Nairobi on Tuesday.",
    "The central bank kept its interest rate unchanged on Wednesday.",
    "Soldiers arrested 15 men in Damascus after clashes with gunmen, a witness said.",
    "Two people were wounded when a bomb exploded near a market in Mogadishu.",
    "Farmers blocked the main road to Lahore, demanding higher wheat prices.",
]


def input_lines() -> list[str]:
    lines = [json.dumps({"id": f"doc-{i}", "text": text, "published": "2021-03-0{}".format(i + 1)})
             for i, text in enumerate(STORIES)]
    return lines[:2] + ["{not json"] + lines[2:]


def single_process_lines(lines: list[str], triage: bool = False) -> list[str]:
    """What `newsevents extract` writes, from the session's pipeline in this process."""
    import copy

    import newsevents
    from newsevents.triage import Triage

    pipeline = copy.copy(newsevents._default_pipeline())
    pipeline.triage = Triage() if triage else None
    return [json.dumps(to_dict(r), ensure_ascii=False) for r in pipeline.process(read_jsonl(lines))]


def test_run_ordered_keeps_order_with_a_bounded_window():
    in_flight, most = 0, 0
    lock = threading.Lock()

    def work(chunk):
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.01 * (len(chunk) % 3))  # chunks finish out of order
        with lock:
            in_flight -= 1
        return [x * 10 for x in chunk]

    with ThreadPoolExecutor(4) as pool:
        out = list(run_ordered(range(23), lambda chunk: pool.submit(work, chunk), chunk_size=2, window=3))
    assert out == [x * 10 for x in range(23)]
    assert most <= 3


@pytest.fixture(scope="module")
def cluster():
    """A real dask.distributed cluster of 2 worker processes (each loads the pipeline once)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


def test_dask_extract_matches_the_single_process_run(cluster, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(input_lines()) + "\n", encoding="utf-8")
    out = tmp_path / "dask.jsonl"
    assert main(["extract", "-i", str(source), "-o", str(out), "--quiet", "--engine", "dask",
                 "--scheduler", cluster.scheduler_address, "--partition-size", "300"]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == single_process_lines(input_lines())


def test_dask_partitioned_parquet_holds_the_same_records(cluster, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")

    from newsevents.dask_engine import plan_partitions

    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(input_lines()) + "\n", encoding="utf-8")
    assert len(plan_partitions([str(source)], 300)) >= 3  # several partitions, several part files
    folder = tmp_path / "parts"
    assert main(["extract", "-i", str(source), "-o", str(folder), "--quiet", "--engine", "dask",
                 "--scheduler", cluster.scheduler_address, "--partition-size", "300",
                 "--output-format", "parquet", "--triage"]) == 0
    parts = sorted(folder.glob("part-*.parquet"))
    rows = [row for part in parts for row in pq.read_table(part).to_pylist()]
    assert [row["annotation"] for row in rows] == single_process_lines(input_lines(), triage=True)
    assert [row["id"] for row in rows] == ["doc-0", "doc-1", None, "doc-2", "doc-3", "doc-4", "doc-5"]
    assert [row["triage_skipped"] for row in rows] == [False, False, False, True, False, False, False]


def test_dask_ingest_stores_what_one_process_stores(cluster, tmp_path):
    from newsevents.store.store import open_store

    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(input_lines()) + "\n", encoding="utf-8")
    dask_db, pool_db = tmp_path / "dask.db", tmp_path / "pool.db"
    assert main(["ingest", str(source), "--db", str(dask_db), "--quiet", "--engine", "dask",
                 "--scheduler", cluster.scheduler_address, "--batch-size", "2"]) == 0
    assert main(["ingest", str(source), "--db", str(pool_db), "--quiet", "--workers", "2",
                 "--batch-size", "2"]) == 0

    def stored(db):
        with open_store(str(db)) as store:
            return [(r["doc_id"], r["event_type"], r["location_name"]) for r in store.event_rows(None)]

    events = stored(dask_db)
    assert events == stored(pool_db)
    # the triage is on for ingest: the central bank story is stored with no event
    assert {doc for doc, _, _ in events} == {"doc-0", "doc-1", "doc-3", "doc-4", "doc-5"}


def test_pipeline_options_build_a_triaged_pipeline():
    options = PipelineOptions.of(batch_size=8, triage=True)
    assert options == PipelineOptions(8, (), True, None)
    hash(options)  # a dictionary key for the workers' pipeline cache


def test_parquet_input_is_read_by_row_group_as_the_same_documents(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from newsevents.dask_engine import _partition_items, plan_partitions

    records = [{"id": f"doc-{i}", "text": text, "published": "2021-03-01"} for i, text in enumerate(STORIES)]
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(records), path, row_group_size=4)
    partitions = plan_partitions([str(tmp_path / "*.parquet")])
    assert [(p.kind, p.offset, p.index) for p in partitions] == [("parquet", 0, 0), ("parquet", 1, 1)]
    items = [item for p in partitions for item in _partition_items(p)]
    assert items == list(read_jsonl(json.dumps(r) for r in records))
