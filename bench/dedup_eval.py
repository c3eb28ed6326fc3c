"""Precision and recall of cross-article merging on bench/dedup_pairs.jsonl.

Each pair is two short news snippets: the same happening told by two outlets (or a follow-up),
or a hard negative (same town and day but another incident, same actors on another day, same
kind of event in a neighbouring town). Both texts go through the real pipeline and into a fresh
store with deduplication on; a pair counts as merged when an event of the second text is merged
into an event of the first.

    python bench/dedup_eval.py [--pairs bench/dedup_pairs.jsonl] [--threshold X] [--sweep] [-v]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from newsevents.dedup import DedupConfig, default_encoder, score_pair, view_of_event
from newsevents.ingest import make_document
from newsevents.pipeline import Pipeline
from newsevents.store import open_store
from newsevents.store.schema import events

HERE = Path(__file__).resolve().parent


@dataclasses.dataclass
class Outcome:
    pair: dict
    merged: bool
    best_total: float | None  # best matcher score between the two texts' events (for sweeps)
    veto: str | None
    events_a: int
    events_b: int


def annotate_all(pipeline: Pipeline, pairs: list[dict]) -> dict[tuple[str, str], object]:
    """One pipeline run per distinct (text, publication date)."""
    wanted = {(side["text"], side["published"]) for p in pairs for side in (p["a"], p["b"])}
    keys = sorted(wanted)
    documents = [make_document(f"t{n}", text, published) for n, (text, published) in enumerate(keys)]
    return dict(zip(keys, pipeline.process(documents)))


def run_pair(pair: dict, annotations: dict, template: Path, workdir: Path, config: DedupConfig) -> Outcome:
    db = workdir / f"{pair['id']}.db"
    shutil.copy(template, db)
    docs = []
    for name in ("a", "b"):
        side = pair[name]
        docs.append((make_document(f"{pair['id']}-{name}", side["text"], side["published"]),
                     annotations[(side["text"], side["published"])]))
    with open_store(db, dedup=config) as store:
        for document, annotation in docs:
            store.add(document, annotation)
        with store.engine.connect() as conn:
            merged = conn.execute(sa.select(sa.func.count()).select_from(events)
                                  .where(events.c.duplicate_of.is_not(None))).scalar_one()
    # the matcher's best score between the two texts, whatever the threshold (for --sweep)
    (doc_a, ann_a), (doc_b, ann_b) = docs
    olds = [view_of_event(e, doc_a.text, i, 1, ann_a.places) for i, e in enumerate(ann_a.events)]
    best_total, veto = None, None
    loose = dataclasses.replace(config, threshold=0.0, min_text_similarity=-1.0)
    for event in ann_b.events:
        for old in olds:
            score = score_pair(view_of_event(event, doc_b.text, 100, 2, ann_b.places), old, loose, default_encoder().similarity)
            if score.veto and score.veto != "below threshold without text":
                veto = veto or score.veto
                continue
            if best_total is None or score.total > best_total:
                best_total, veto = score.total, None
    db.unlink()
    return Outcome(pair, merged > 0, best_total, veto, len(ann_a.events), len(ann_b.events))


def scores(outcomes: list[Outcome], predicted) -> tuple[float, float, int, int, int]:
    tp = sum(1 for o in outcomes if predicted(o) and o.pair["label"] == "same")
    fp = sum(1 for o in outcomes if predicted(o) and o.pair["label"] != "same")
    fn = sum(1 for o in outcomes if not predicted(o) and o.pair["label"] == "same")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=HERE / "dedup_pairs.jsonl")
    parser.add_argument("--threshold", type=float, help="DedupConfig.threshold (default: its default)")
    parser.add_argument("--min-text", type=float, help="DedupConfig.min_text_similarity")
    parser.add_argument("--sweep", action="store_true", help="also print P/R for a range of thresholds")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong decision")
    args = parser.parse_args(argv)

    config = DedupConfig().with_options(threshold=args.threshold, min_text_similarity=args.min_text)
    pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    pipeline = Pipeline()
    annotations = annotate_all(pipeline, pairs)
    annotated = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template = workdir / "template.db"
        open_store(template).close()  # migrated once, copied per pair
        outcomes = [run_pair(p, annotations, template, workdir, config) for p in pairs]
    finished = time.perf_counter()

    precision, recall, tp, fp, fn = scores(outcomes, lambda o: o.merged)
    no_events = sum(1 for o in outcomes if not o.events_a or not o.events_b)
    print(f"pairs: {len(pairs)} ({sum(p['label'] == 'same' for p in pairs)} same, "
          f"{sum(p['label'] != 'same' for p in pairs)} different); {no_events} with a text that gave no event")
    print(f"threshold {config.threshold}, min text similarity {config.min_text_similarity}")
    print(f"merging: precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
    by_kind: dict[str, list[Outcome]] = collections.defaultdict(list)
    for o in outcomes:
        by_kind[o.pair["kind"]].append(o)
    for kind, group in sorted(by_kind.items()):
        merged = sum(o.merged for o in group)
        print(f"  {kind:24s} {len(group):3d} pairs, merged {merged}")
    print(f"time: pipeline {annotated - started:.1f} s (model load included), "
          f"stores and dedup {finished - annotated:.1f} s")
    if args.sweep:
        for threshold in (0.55, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7, 0.72, 0.75):
            p, r, *_ = scores(outcomes, lambda o, t=threshold: o.best_total is not None and o.best_total >= t
                              and o.veto is None)
            print(f"  sweep threshold {threshold:.2f}: precision {p:.3f} recall {r:.3f}")
    if args.verbose:
        for o in outcomes:
            if o.merged != (o.pair["label"] == "same"):
                total = "-" if o.best_total is None else f"{o.best_total:.3f}"
                print(f"WRONG {o.pair['id']} {o.pair['kind']} merged={o.merged} best={total} veto={o.veto} "
                      f"events={o.events_a}/{o.events_b}\n   A: {o.pair['a']['text']}\n   B: {o.pair['b']['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
