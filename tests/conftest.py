"""Shared fixtures: the spaCy pipeline and the gazetteer are loaded once per test session."""

from __future__ import annotations

import os
import tempfile

import pytest

# Tests must never touch the user's cache: give the whole session a cache directory of its own,
# unless a developer points NEWSEVENTS_CACHE_DIR at a built one to save time.
if not os.environ.get("NEWSEVENTS_CACHE_DIR"):
    os.environ["NEWSEVENTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="newsevents-test-cache.")


@pytest.fixture(scope="session")
def nlp():
    """The bare spaCy pipeline (no gazetteer patterns), for stage unit tests."""
    from newsevents.nlp import load_language

    return load_language().nlp
