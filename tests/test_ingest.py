"""Input lines become documents or errors that say what was wrong; nothing stops the run."""

import datetime as dt

import pytest

from newsevents.contract import DocumentError
from newsevents.ingest import InputDocument, parse_line, parse_published, read_jsonl


def test_valid_line_becomes_a_document():
    doc = parse_line('{"id": "a", "text": "Troops shelled the town.", "published": "2016-11-29", "url": "u"}', 1)
    assert doc == InputDocument("a", "Troops shelled the town.", dt.date(2016, 11, 29), None, None, "u", None)


@pytest.mark.parametrize("line, code, doc_id", [
    ('{"id": "b", "text": broken', "invalid_json", "b"),
    ("not json at all", "invalid_json", None),
    ("[1, 2]", "invalid_record", None),
    ('{"text": "no id"}', "missing_id", None),
    ('{"id": "c"}', "missing_text", "c"),
    ('{"id": "d", "text": "   "}', "empty_text", "d"),
    ('{"id": "e", "text": "a\\u0000b"}', "binary_text", "e"),
])
def test_bad_lines_become_errors(line, code, doc_id):
    error = parse_line(line, 7)
    assert isinstance(error, DocumentError)
    assert (error.code, error.id) == (code, doc_id)


def test_numeric_id_is_kept_as_string():
    assert parse_line('{"id": 42, "text": "Police arrested ten men."}', 1).id == "42"


def test_too_long_text_is_refused(monkeypatch):
    monkeypatch.setattr("newsevents.ingest.MAX_TEXT_CHARS", 10)
    assert parse_line('{"id": "x", "text": "far more than ten characters"}', 1).code == "text_too_long"


@pytest.mark.parametrize("value, expected", [
    ("2016-11-29", dt.date(2016, 11, 29)),
    ("2016-11-29T10:30:00Z", dt.date(2016, 11, 29)),
    ("1998-08-07T09:15:00", dt.date(1998, 8, 7)),
])
def test_published_accepts_dates_and_datetimes(value, expected):
    assert parse_published(value) == expected


def test_unreadable_published_is_kept_as_a_note_not_an_error():
    doc = parse_line('{"id": "p", "text": "Rebels attacked.", "published": "last Tuesday"}', 1)
    assert doc.published is None and "not an ISO date" in doc.published_error


def test_blank_lines_are_skipped_and_order_is_kept():
    items = list(read_jsonl(['{"id": "1", "text": "x y"}', "", "oops", '{"id": "3", "text": "z"}']))
    assert [getattr(i, "id", None) for i in items] == ["1", None, "3"]
    assert isinstance(items[1], DocumentError) and "line 3" in items[1].message
