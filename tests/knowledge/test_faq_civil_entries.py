"""The wave-two civil entries (`more_civil_*.yaml`, ids `civ2-NNN`): dated, cited, findable.

The smoke questions are our own, written from situations a front desk hears (not taken from any
evaluation file); each must find its topic among the first three answers.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from knowledge.answerer import FaqAnswerer
from knowledge.faq import FaqEntry, default_data_dir, load_entries

DATA_DIR = default_data_dir()
CIVIL_FILES = sorted(DATA_DIR.glob("more_civil_*.yaml"))
REVIEWED = dt.date(2026, 12, 4)
ARTICLE = re.compile(r"^第[零一二三四五六七八九十百千]+条(之[一二三四五六七八九十])?$")
# Cited by name only: the 2021 rules could not be read (reference wave2.md §1), so no article.
NAME_ONLY = frozenset({"人民检察院开展国家司法救助工作细则"})
# Repealed or superseded texts that must not be cited (民法典 replaced the first eight in 2021;
# the 2005 信访条例 gave way to the 2022 信访工作条例; the 2003 婚姻登记条例 was revised in 2025).
REPEALED = frozenset(
    {
        "婚姻法",
        "继承法",
        "民法通则",
        "民法总则",
        "合同法",
        "物权法",
        "侵权责任法",
        "担保法",
        "收养法",
        "信访条例",
        "婚姻登记条例",
    }
)

SMOKE = [
    ("借给表哥两万块钱他赖着不还，我能去法院告他吗", "litigation_procedure"),
    ("没结婚生了个孩子，孩子爹不给一分钱", "minors"),
    ("离婚的时候对方把孩子藏到他老家去了", "minors"),
    ("分手以后前男友老是跑到我上班的地方闹", "domestic_violence"),
    ("我爸在敬老院被护工扇耳光", "elderly_support"),
    ("报案两个月了派出所不立案，能去检察院吗", "petition_complaint"),
    ("被人打伤了，打人的判了刑，医药费怎么要", "litigation_procedure"),
    ("村委会和人民调解签的协议怎么让法院确认", "litigation_procedure"),
    ("法律援助中心不给我派律师，我不服", "legal_aid"),
    ("美容卡办了两天就后悔了，能退吗", "consumer"),
    ("嫁到外村以后娘家村里把我的地收回去了", "litigation_procedure"),
    ("家里人被逮捕了，能不能申请不再关押", "petition_complaint"),
    ("被关了半年最后判无罪，国家赔偿怎么申请", "judicial_relief"),
    ("当事人能要求检察院开听证会吗", "procuratorate_services"),
]


@pytest.fixture(scope="module")
def civil() -> list[FaqEntry]:
    if not CIVIL_FILES:
        pytest.skip("no more_civil_*.yaml files")
    return [e for e in load_entries(DATA_DIR) if e.id.startswith("civ2-")]


def test_civil_files_hold_only_civ2_entries(tmp_path: Path, civil: list[FaqEntry]) -> None:
    for path in CIVIL_FILES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    ids = [e.id for e in load_entries(tmp_path)]
    assert all(re.fullmatch(r"civ2-[0-9]{3}", i) for i in ids)
    assert sorted(ids) == sorted(e.id for e in civil)
    assert len(ids) >= 235


def test_every_civil_entry_is_dated_paraphrased_and_short(civil: list[FaqEntry]) -> None:
    for entry in civil:
        assert entry.reviewed == REVIEWED, entry.id
        assert len(entry.paraphrases) >= 6, entry.id
        sentences = [s for s in re.split(r"[。！？]", entry.answer) if s.strip()]
        assert 2 <= len(sentences) <= 4, entry.id


def test_every_civil_citation_names_a_current_law_and_an_article(civil: list[FaqEntry]) -> None:
    for entry in civil:
        for citation in entry.citations:
            assert citation.law not in REPEALED, (entry.id, citation.law)
            if citation.law in NAME_ONLY:
                assert entry.uncertain, entry.id
            else:
                assert ARTICLE.match(citation.article), (entry.id, citation)


def test_no_civil_phrase_is_shared_with_another_entry(civil: list[FaqEntry]) -> None:
    owner: dict[str, str] = {}
    for entry in load_entries(DATA_DIR):
        for phrase in {entry.question, *entry.paraphrases}:
            if phrase in owner and "civ2-" in (owner[phrase] + entry.id):
                pytest.fail(f"{phrase!r} is in {owner[phrase]} and {entry.id}")
            owner.setdefault(phrase, entry.id)


def test_digits_in_the_id_prefix_load_and_link(tmp_path: Path) -> None:
    (tmp_path / "more_civil_x.yaml").write_text(
        "- id: civ2-001\n  topic: minors\n  question: 抚养费怎么算？\n"
        "  paraphrases: [抚养费标准, 抚养费比例, 孩子抚养费多少, 抚养费咋算]\n"
        "  answer: 一般按收入的两到三成。\n"
        "  citations:\n    - law: 民法典\n      article: 第一千零八十五条\n"
        '  next_steps: ["faq:civ2-001"]\n  reviewed: 2026-12-04\n',
        encoding="utf-8",
    )
    [entry] = load_entries(tmp_path)
    assert entry.id == "civ2-001" and entry.next_steps == ("faq:civ2-001",)


@pytest.fixture(scope="module")
def answerer(civil: list[FaqEntry]) -> FaqAnswerer:
    return FaqAnswerer.from_directory(DATA_DIR)


@pytest.mark.parametrize(("question", "topic"), SMOKE)
def test_everyday_civil_questions_find_their_topic(
    answerer: FaqAnswerer, question: str, topic: str
) -> None:
    answer = answerer.ask(question)
    assert topic in [hit.entry.topic for hit in answer.hits[:3]], answer.hits[:3]
