"""Input lines become documents or errors that say what was wrong; nothing stops the run."""

import datetime as dt
import json

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
    monkeypatch.setattr("newsevents.ingest.documents.MAX_TEXT_CHARS", 10)
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


# ---- limits, languages and hostile input ------------------------------------------------------

from newsevents.contract import to_dict  # noqa: E402
from newsevents.ingest import ReaderOptions, guess_language, make_document  # noqa: E402

ENGLISH = ("Government forces recaptured the town on Monday after three days of heavy fighting, "
           "officials said. At least twelve people were killed in the clashes, according to a "
           "local hospital, and residents said the shelling had stopped by the evening.")
SPANISH = ("Las fuerzas del gobierno recuperaron el lunes el control de la ciudad tras tres días de "
           "intensos combates, según informaron las autoridades locales. Al menos doce personas "
           "murieron en los enfrentamientos, de acuerdo con un hospital de la zona.")


def test_foreign_language_is_refused_with_its_code():
    error = make_document("s", SPANISH)
    assert (error.code, error.language) == ("unsupported_language", "es")
    assert to_dict(error) == {"id": "s", "language": "es", "error": {
        "code": "unsupported_language", "message": error.message}}
    assert "accepted: en" in error.message
    assert make_document("s", SPANISH, languages=("en", "es")).language == "es"
    assert make_document("e", ENGLISH).language == "en"


@pytest.mark.parametrize("text", [
    "Troops shelled the town.", "Rebels attacked.", "Aleppo", "Les soldats sont arrivés hier soir.",
    "Kyiv, Kharkiv, Odesa: 12, 40, 7.", "Sabra told reporters: «Non!»",
])
def test_short_texts_are_never_called_foreign(text):
    assert guess_language(text).code is None
    assert make_document("x", text).text == text


def test_lone_surrogates_become_replacement_characters_of_the_same_length():
    doc = parse_line('{"id": "u", "text": "Rebels \\ud800 attacked."}', 1)
    assert doc.text == "Rebels \ufffd attacked." and len(doc.text) == len("Rebels ? attacked.")
    doc.text.encode("utf-8")


@pytest.mark.parametrize("line, code", [
    ('{"id": "n", "text": "x", "n": ' + "7" * 5000 + "}", "invalid_json"),  # int too long for Python
    ('{"id": "d", "text": "x", "deep": ' + "[" * 80 + "]" * 80 + "}", "nesting_too_deep"),
    ('{"id": "r", "text": "x", "deep": ' + "[" * 5000 + "]" * 5000 + "}", "nesting_too_deep"),
    ('{"id": "l", "text": "' + "a" * 300 + '"}', "line_too_long"),
])
def test_hostile_lines_are_errors(line, code):
    [item] = list(read_jsonl([line], ReaderOptions(max_line_bytes=200 if code == "line_too_long" else 10**6)))
    assert item.code == code and "line 1" in item.message


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = "[" * 100 + " a text about brackets " + "{" * 100
    item = parse_line('{"id": "b", "text": ' + json.dumps(text) + "}", 1)
    assert item.text == text
