"""Assertions that an output document honours CONTRACT.md (spans, vocabularies, keys)."""

from newsevents.contract import ACLED_TAXONOMY, ACTOR_TYPES, FIGURE_KINDS, TIMEX_TYPES

TOP_KEYS = ("id", "published", "published_inferred", "language", "events", "places", "times",
            "quotes", "actors")


def assert_span(text: str, item: dict, where: str) -> None:
    start, end = item["span"]
    assert isinstance(start, int) and isinstance(end, int), where
    assert 0 <= start < end <= len(text), f"{where}: span {item['span']} outside the text"
    if "text" in item:
        assert text[start:end] == item["text"], f"{where}: {item['text']!r} != {text[start:end]!r}"


def assert_actor(text: str, actor: dict | None, where: str) -> None:
    if actor is None:
        return
    assert_span(text, actor, where)
    assert actor["type"] in ACTOR_TYPES, f"{where}: type {actor['type']!r}"
    assert actor["country"] is None or len(actor["country"]) == 3, where


def assert_place(text: str, place: dict | None, where: str) -> None:
    if place is None:
        return
    assert_span(text, place, where)
    assert (place["lat"] is None) == (place["lon"] is None), where
    if place["lat"] is not None:
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180, where


def assert_contract(text: str, out: dict) -> None:
    for key in TOP_KEYS:
        assert key in out, f"missing {key}"
    for i, event in enumerate(out["events"]):
        where = f"events[{i}]"
        assert event["event_type"] in ACLED_TAXONOMY, where
        assert event["sub_event_type"] is None or event["sub_event_type"] in ACLED_TAXONOMY[event["event_type"]]
        assert event["time_precision"] in (None, 1, 2, 3), where
        for key in ("actor1", "actor2", "reported_by"):
            assert_actor(text, event[key], f"{where}.{key}")
        for key in ("assoc_actor1", "assoc_actor2"):
            for j, actor in enumerate(event[key]):
                assert_actor(text, actor, f"{where}.{key}[{j}]")
        assert_place(text, event["location"], f"{where}.location")
        assert_span(text, event["trigger"], f"{where}.trigger")
        for j, figure in enumerate(event.get("figures", [])):
            assert_span(text, figure, f"{where}.figures[{j}]")
            assert figure["kind"] in FIGURE_KINDS, f"{where}.figures[{j}]"
            assert_actor(text, figure["reported_by"], f"{where}.figures[{j}].reported_by")
        start, end = event["evidence"]
        assert 0 <= start < end <= len(text), where
    for i, place in enumerate(out["places"]):
        assert_place(text, place, f"places[{i}]")
    for i, timex in enumerate(out["times"]):
        assert_span(text, timex, f"times[{i}]")
        assert timex["type"] in TIMEX_TYPES
    for i, quote in enumerate(out["quotes"]):
        assert_span(text, quote["cue"], f"quotes[{i}].cue")
        assert_span(text, quote["content"], f"quotes[{i}].content")
        if quote["speaker"] is not None:
            assert_span(text, quote["speaker"], f"quotes[{i}].speaker")
    for i, actor in enumerate(out["actors"]):
        assert_actor(text, actor, f"actors[{i}]")
