"""Shared fixtures for the knowledge tests: the fixture FAQ base and one answerer over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answerer import FaqAnswerer

FIXTURE_FAQ = Path(__file__).parent / "fixtures" / "faq"


@pytest.fixture(scope="session")
def fixture_answerer() -> FaqAnswerer:
    """One answerer over the fixture KB, built once (building loads jieba)."""
    return FaqAnswerer.from_directory(FIXTURE_FAQ)
