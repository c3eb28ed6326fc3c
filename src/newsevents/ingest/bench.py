"""Reader throughput on generated pages: `python -m newsevents.ingest.bench [N]`.

Writes N news-like HTML pages (boilerplate around 4-12 paragraphs) to a temporary folder, reads
them with `read_sources`, and prints docs/s and ms per document, with the share spent in
trafilatura and in language identification.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = ("Government forces", "Rebel fighters", "Police officers", "Protesters", "Local officials",
            "Aid workers", "Residents", "The defence ministry", "Witnesses", "A spokesman")
VERBS = ("said", "reported", "attacked", "recaptured", "gathered near", "left", "shelled", "surrounded",
         "visited", "blocked the road to")
OBJECTS = ("the northern town", "the old market", "a checkpoint outside the city", "the provincial capital",
           "two villages near the border", "the main bridge", "the airport road", "the central square")
TAILS = ("on Monday", "late on Friday", "after three days of fighting", "according to the hospital",
         "before dawn", "despite the ceasefire", "for the second time this month", "officials said")


def _paragraph(rng: random.Random) -> str:
    return " ".join(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
                    for _ in range(rng.randint(3, 6)))


def generated_page(number: int, rng: random.Random) -> str:
    paragraphs = "\n".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(4, 12)))
    menu = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(20))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Story {number} | The Courier</title>
<meta property="og:title" content="Story {number}"><meta name="date" content="2021-0{1 + number % 9}-1{number % 10}">
<script>var tracking = {{"id": {number}}};</script><style>body {{ font-family: serif }}</style></head>
<body><header><nav><ul>{menu}</ul></nav></header><main><article><h1>Story {number}</h1>
<p class="byline">By a staff reporter</p>{paragraphs}</article>
<aside><h3>Most read</h3><ul>{menu}</ul></aside></main>
<footer><p>Copyright The Courier. All rights reserved.</p><p>Subscribe to our newsletter.</p></footer>
</body></html>"""


def main(count: int = 1000) -> None:
    from . import language
    from .readers import read_sources, webpage

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        for number in range(count):
            Path(folder, f"{number:05d}.html").write_text(generated_page(number, rng), encoding="utf-8")
        language._identifier()  # model loading is not reading
        webpage._trafilatura()
        timers = {"trafilatura": 0.0, "language": 0.0}
        for module, name, timer in ((webpage, "extract_article", "trafilatura"),
                                    (language, "_identify", "language")):
            original = getattr(module, name)

            def timed(*args, _original=original, _timer=timer, **kwargs):
                started = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    timers[_timer] += time.perf_counter() - started
            setattr(module, name, timed)
        started, cpu_started = time.perf_counter(), time.process_time()
        items = list(read_sources([folder]))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    documents = sum(1 for item in items if hasattr(item, "text"))
    chars = sum(len(item.text) for item in items if hasattr(item, "text"))
    print(f"{len(items)} pages read, {documents} documents ({chars / max(documents, 1):.0f} chars each) "
          f"in {elapsed:.2f} s: {len(items) / elapsed:.1f} docs/s, {1000 * elapsed / len(items):.2f} ms/doc "
          f"(trafilatura {1000 * timers['trafilatura'] / len(items):.2f} ms, "
          f"language {1000 * timers['language'] / len(items):.2f} ms); "
          f"CPU time {1000 * cpu / len(items):.2f} ms/doc")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
