"""Fusion and the ladder: three different topics offered, both signals must agree, scope first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.answerer import FaqAnswerer
from knowledge.ladder import DEFAULT_THRESHOLDS_FILE, Thresholds, decide, fuse, load_thresholds

TOPIC = np.asarray([0, 0, 0, 1, 2, 3], dtype=np.int64)  # entries 0-2 share topic 0


def _rank(bm25: list[float], chances: list[float], **settings: float) -> list[int]:
    thresholds = Thresholds(**settings)
    per_entry = np.asarray(chances, dtype=np.float64)[TOPIC]
    return fuse(np.asarray(bm25), per_entry, TOPIC, thresholds, 6).order.tolist()


def test_the_first_three_are_of_different_topics() -> None:
    order = _rank([9, 8, 7, 3, 2, 1], [0.7, 0.1, 0.1, 0.1], fusion_weight=0.5)
    assert order[:3] == [0, 3, 4]
    assert sorted(order) == [0, 1, 2, 3, 4, 5]


def test_weight_zero_is_bm25_and_weight_one_follows_the_classifier() -> None:
    bm25, chances = [1, 0, 0, 9, 0, 0], [0.9, 0.05, 0.03, 0.02]
    assert _rank(bm25, chances, fusion_weight=0.0)[0] == 3
    assert _rank(bm25, chances, fusion_weight=1.0)[0] == 0


def test_entries_without_a_word_in_common_are_never_offered() -> None:
    assert _rank([0, 0, 0, 5, 0, 0], [0.97, 0.01, 0.01, 0.01], fusion_weight=0.9) == [3]


def test_the_topic_floor_keeps_retrieval_within_the_predicted_topics() -> None:
    chances = [0.9, 0.08, 0.01, 0.01]
    assert _rank([1, 0, 0, 1, 1, 9], chances, fusion_weight=0.5, topic_floor=0.05) == [0, 3]
    assert 5 in _rank([1, 0, 0, 1, 1, 9], chances, fusion_weight=0.5, topic_floor=0.0)


def _decide(bm25: list[float], chances: list[float], confidence: float) -> str:
    thresholds = Thresholds(fusion_weight=0.5, answer_confidence=0.3, answer_probability=0.6)
    per_entry = np.asarray(chances, dtype=np.float64)[TOPIC]
    ranking = fuse(np.asarray(bm25), per_entry, TOPIC, thresholds, 5)
    return decide(ranking, TOPIC, confidence, max(chances), thresholds)


def test_answer_only_when_both_signals_agree_and_are_sure() -> None:
    assert _decide([9, 1, 0, 1, 0, 0], [0.8, 0.1, 0.05, 0.05], 0.5) == "answer"
    # BM25 prefers topic 1, the classifier topic 0: offer both, answer neither.
    assert _decide([1, 0, 0, 9, 0, 0], [0.8, 0.1, 0.05, 0.05], 0.5) == "clarify"
    assert _decide([9, 1, 0, 1, 0, 0], [0.5, 0.3, 0.1, 0.1], 0.5) == "clarify"  # unsure topic
    assert _decide([9, 1, 0, 1, 0, 0], [0.8, 0.1, 0.05, 0.05], 0.2) == "clarify"  # thin match
    assert _decide([9, 1, 0, 1, 0, 0], [0.8, 0.1, 0.05, 0.05], 0.01) == "none"
    assert _decide([0, 0, 0, 0, 0, 0], [0.8, 0.1, 0.05, 0.05], 0.0) == "none"


def test_the_shipped_thresholds_carry_their_cross_validation() -> None:
    thresholds = load_thresholds()
    assert thresholds != Thresholds() or DEFAULT_THRESHOLDS_FILE.exists()
    assert 0 <= thresholds.fusion_weight <= 1 and thresholds.none_below < 0.5
    text = DEFAULT_THRESHOLDS_FILE.read_text(encoding="utf-8")
    assert "confidently_wrong_rate" in text and "top3_accuracy" in text


@pytest.mark.parametrize("content", ["", "[]", "thresholds: 3", "thresholds: {unknown: 1}"])
def test_a_missing_or_odd_thresholds_file_gives_the_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(content, encoding="utf-8")
    assert load_thresholds(path) == Thresholds()
    assert load_thresholds(tmp_path / "missing.yaml") == Thresholds()


# Written for these tests from the situations (not from any evaluation file).
SERVICES = [
    ("能不能打电话给我", "callback"),
    ("麻烦你们给我回个电话", "callback"),
    ("给我打个电话吧", "callback"),
    ("我想办身份证", "identity_documents"),
    ("身份证丢了怎么补办", "identity_documents"),
    ("怎么开无犯罪记录证明", "public_services"),
]
NOT_FROM_THE_BASE = [
    ("ང་ལ་རོགས་རམ་དགོས།", "language"),  # Tibetan
    # Tibetan beside Chinese words the base knows well: still never searched (no guess).
    ("ངའི་ལས་བདག་གིས་གླ་ཕོགས་མ་སྤྲད། 包工头欠工资跑了，找谁要？", "language"),
    ("ئىش ھەققىمنى بەرمىدى", "language"),  # Uyghur
    ("My boss has not paid me for two months", "language"),
    ("😭😭🙏", "empty"),
    ("？？…", "empty"),
]
STORIES_STILL_SEARCHED = [
    "老板打电话给我说明天不用来了",
    "可以打电话报警吗",
    "拿我的身份证去办了贷款",
]


@pytest.mark.parametrize(("text", "service"), SERVICES)
def test_service_requests_are_never_answered_from_the_base(
    fixture_answerer: FaqAnswerer, text: str, service: str
) -> None:
    answer = fixture_answerer.ask(text)
    assert (answer.decision, answer.reason, answer.hits) == ("service", service, ())


@pytest.mark.parametrize(("text", "reason"), NOT_FROM_THE_BASE)
def test_other_scripts_and_no_words_get_none(
    fixture_answerer: FaqAnswerer, text: str, reason: str
) -> None:
    answer = fixture_answerer.ask(text)
    assert (answer.decision, answer.reason) == ("none", reason)


@pytest.mark.parametrize("text", STORIES_STILL_SEARCHED)
def test_a_story_that_mentions_a_phone_or_an_id_is_still_searched(
    fixture_answerer: FaqAnswerer, text: str
) -> None:
    assert fixture_answerer.ask(text).decision != "service"


def test_an_answer_reports_both_signals(fixture_answerer: FaqAnswerer) -> None:
    answer = fixture_answerer.ask("包工头欠工资跑了，找谁要？")
    assert answer.decision == "answer" and answer.topic == "wage_arrears"
    assert answer.probability >= fixture_answerer.thresholds.answer_probability
    assert answer.confidence >= fixture_answerer.thresholds.answer_confidence
    nothing = fixture_answerer.ask("天气预报明天下雨吗")
    assert (nothing.decision, nothing.reason) == ("none", "no_match")
