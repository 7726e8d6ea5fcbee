"""Shared fixtures for the knowledge tests: the fixture FAQ base and one answerer over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answerer import FaqAnswerer
from knowledge.ladder import Thresholds

FIXTURE_FAQ = Path(__file__).parent / "fixtures" / "faq"

# The 19-entry fixture base has its own thresholds: the shipped ones were tuned on the real
# base, whose classifier is surer of itself with forty times the training phrases.
FIXTURE_THRESHOLDS = Thresholds(
    fusion_weight=0.8,
    topic_floor=0.0,
    answer_confidence=0.2,
    answer_probability=0.7,
    none_below=0.1,
)


@pytest.fixture(scope="session")
def fixture_answerer() -> FaqAnswerer:
    """One answerer over the fixture KB, built once (building loads jieba)."""
    return FaqAnswerer.from_directory(FIXTURE_FAQ, thresholds=FIXTURE_THRESHOLDS)
