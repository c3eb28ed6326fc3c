"""End to end: the command line on JSONL with bad lines, on one text file, and the demo."""

import json
import subprocess
import sys

from contract_checks import assert_contract

from newsevents.cli import main

STORY = (
    "KABUL, March 3 - Taliban militants attacked a police checkpoint in Nad Ali district of "
    "Helmand province on Monday, killing four policemen and wounding two, a provincial spokesman said."
)


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_jsonl_run_keeps_order_and_reports_bad_lines(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(source, [
        json.dumps({"id": "good-1", "text": STORY, "published": "2020-03-03"}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "good-2", "text": "Police arrested 15 protesters in Nairobi on Tuesday.",
                    "published": "2019-05-08"}),
    ])
    assert main(["extract", "--input", str(source), "--output", str(target), "--quiet"]) == 0
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == ["good-1", "broken", "empty", "good-2"]
    assert out[1]["error"]["code"] == "invalid_json"
    assert out[2]["error"]["code"] == "empty_text"
    assert_contract(STORY, out[0])
    assert out[0]["published"] == "2020-03-03" and out[0]["published_inferred"] is False
    assert out[0]["events"], "the attack must be coded"
    assert out[3]["events"][0]["arrested"] == 15


def test_input_with_no_readable_line_fails(tmp_path):
    source = tmp_path / "in.jsonl"
    write_lines(source, ["not json", "{also not json"])
    assert main(["extract", "--input", str(source), "--output", str(tmp_path / "o.jsonl"), "--quiet"]) == 1


def test_missing_input_file_is_a_clear_error(tmp_path, capsys):
    assert main(["extract", "--input", str(tmp_path / "nope.jsonl"), "--quiet"]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_one_text_file_prints_pretty_json(tmp_path, capsys):
    article = tmp_path / "story.txt"
    article.write_text(STORY, encoding="utf-8")
    assert main(["extract", str(article), "--published", "2020-03-03", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["id"] == "story"
    assert_contract(STORY, out)


def test_installed_command_pipes_stdin_to_stdout():
    line = json.dumps({"id": "pipe", "text": STORY, "published": "2020-03-03"})
    done = subprocess.run([sys.executable, "-m", "newsevents", "extract", "--quiet"],
                          input=line + "\n", capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["id"] == "pipe"


def test_demo_prints_the_summary(capsys):
    assert main(["demo", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "Events" in printed and "Quotes" in printed and "Aleppo" in printed


def test_two_workers_give_the_same_output_in_the_same_order(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": STORY.replace("four", str(i + 2)), "published": "2020-03-03"})
             for i in range(5)]
    write_lines(source, lines[:2] + ["{broken"] + lines[2:])
    single, parallel = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", "-i", str(source), "-o", str(single), "--quiet", "--batch-size", "2"]) == 0
    assert main(["extract", "-i", str(source), "-o", str(parallel), "--quiet", "--batch-size", "2",
                 "--workers", "2"]) == 0
    assert parallel.read_text(encoding="utf-8") == single.read_text(encoding="utf-8")
    assert [json.loads(line)["id"] for line in single.read_text().splitlines()] == \
        ["d0", "d1", None, "d2", "d3", "d4"]
