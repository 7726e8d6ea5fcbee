"""The second-wave labour entries (``more_labour_*.yaml``, ids ``lab2-NNN``): sound and findable.

The everyday questions below were written for this test from situations people bring to the
front desk; none comes from an evaluation file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from knowledge.answerer import FaqAnswerer
from knowledge.faq import FaqEntry, default_data_dir, load_entries

DATA_DIR = default_data_dir()
REVIEWED = dt.date(2026, 12, 4)
# An entry marked uncertain must say in its answer that the fact varies or is unsettled.
HEDGE = re.compile(r"各地|各省|地方|当地|以.{0,12}为准|不一|不完全一样|不同|试点|还在")

SMOKE = [
    ("送外卖路上被电动车撞了算工伤吗", "work_injury"),
    ("包工头把我们的工钱领走了不发", "wage_arrears"),
    ("当保姆的工钱雇主拖着不给", "wage_arrears"),
    ("病假期间工资最少发多少", "labour_contract"),
    ("领导总对我动手动脚 公司不管", "labour_contract"),
    ("2030年以后养老保险交15年还够不够", "social_insurance"),
    ("工伤私了协议签了还能反悔吗", "work_injury"),
    ("收到仲裁裁决书15天怎么算 最后一天是周末", "labour_arbitration"),
    ("实习生在工厂受伤了学校说不算工伤", "work_injury"),
    ("计件工资老板压单价", "wage_arrears"),
]


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_entries(DATA_DIR)


@pytest.fixture(scope="module")
def labour2(entries: list[FaqEntry]) -> list[FaqEntry]:
    found = [e for e in entries if e.id.startswith("lab2-")]
    if not found:
        pytest.skip("no second-wave labour entries")
    return found


def test_ids_with_digits_load(tmp_path: Path) -> None:
    text = (
        "- id: lab2-001\n  topic: wage_arrears\n  question: 欠薪怎么办？\n"
        "  paraphrases: [老板不给钱, 工资拖着不发, 讨薪, 工钱要不回来]\n  answer: 可以投诉。\n"
        "  citations: [{law: 劳动合同法, article: 第三十条}]\n"
        '  next_steps: ["faq:lab2-001"]\n  reviewed: 2026-12-04\n'
    )
    (tmp_path / "more_labour_x.yaml").write_text(text, encoding="utf-8")
    [entry] = load_entries(tmp_path)
    assert entry.id == "lab2-001" and entry.next_steps == ("faq:lab2-001",)


def test_ids_are_numbered_without_gaps(labour2: list[FaqEntry]) -> None:
    numbers = sorted(int(e.id.removeprefix("lab2-")) for e in labour2)
    assert numbers == list(range(1, len(numbers) + 1))


def test_entries_meet_the_wave_two_standard(labour2: list[FaqEntry]) -> None:
    for entry in labour2:
        assert len(entry.paraphrases) >= 6, entry.id
        assert entry.reviewed == REVIEWED, entry.id
        assert all(c.law for c in entry.citations), entry.id
        sentences = [s for s in re.split(r"[。！？]", entry.answer) if s.strip()]
        assert 2 <= len(sentences) <= 4, entry.id


def test_uncertain_entries_say_so(labour2: list[FaqEntry]) -> None:
    unsaid = [e.id for e in labour2 if e.uncertain and not HEDGE.search(e.answer)]
    assert unsaid == []


def test_no_phrase_is_shared_with_another_entry(entries: list[FaqEntry]) -> None:
    counts = Counter(re.sub(r"\s", "", p) for e in entries for p in {e.question, *e.paraphrases})
    mine = {
        re.sub(r"\s", "", p)
        for e in entries
        if e.id.startswith("lab2-")
        for p in (e.question, *e.paraphrases)
    }
    assert sorted(p for p in mine if counts[p] > 1) == []


@pytest.fixture(scope="module")
def answerer(labour2: list[FaqEntry]) -> FaqAnswerer:
    return FaqAnswerer.from_directory(DATA_DIR)


@pytest.mark.parametrize(("question", "topic"), SMOKE)
def test_everyday_labour_questions_find_their_topic(
    answerer: FaqAnswerer, question: str, topic: str
) -> None:
    hits = answerer.ask(question).hits
    # The first three are the best entries of three different topics; the new entries must
    # be reachable among the candidates the ladder ranked, not necessarily the topic's best.
    assert topic in [hit.entry.topic for hit in hits[:3]]
    assert any(hit.entry.id.startswith("lab2-") for hit in hits[:8])
