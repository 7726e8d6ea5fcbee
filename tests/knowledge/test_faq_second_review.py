"""FAQ entries corrected by the second legal review (issue 16): each keeps its id and topic and
now states the law the review found missing or wrong."""

from __future__ import annotations

import pytest

from knowledge.faq import FaqEntry, default_data_dir, load_entries


@pytest.fixture(scope="module")
def by_id() -> dict[str, FaqEntry]:
    return {e.id: e for e in load_entries(default_data_dir())}


def cited(entry: FaqEntry) -> set[tuple[str, str]]:
    return {(c.law, c.article) for c in entry.citations}


def test_support_010_sends_a_first_instance_loss_to_appeal(by_id: dict[str, FaqEntry]) -> None:
    entry = by_id["support-010"]
    assert entry.topic == "support_lawsuit"
    assert "15日内上诉" in entry.answer and "强制执行" in entry.answer
    # 民诉法 Art. 220: supervision only after a retrial was sought; Art. 171: the appeal.
    assert {("民事诉讼法", "第一百七十一条"), ("民事诉讼法", "第二百二十条")} <= cited(entry)
    # An award the worker disputes is not a bar: 15 days to sue (调解仲裁法 Art. 50).
    assert ("劳动争议调解仲裁法", "第五十条") in cited(entry)


def test_arb_019_gives_the_deadline_to_rescind(by_id: dict[str, FaqEntry]) -> None:
    entry = by_id["arb-019"]
    assert entry.topic == "labour_arbitration"
    assert "1年内" in entry.answer and "90日" in entry.answer
    assert ("民法典", "第一百五十二条") in cited(entry)
    assert ("劳动争议调解仲裁法", "第二十七条") in cited(entry)


def test_contract_001_warns_the_double_pay_is_not_wages(by_id: dict[str, FaqEntry]) -> None:
    entry = by_id["contract-001"]
    assert entry.topic == "labour_contract"
    assert "不算劳动报酬" in entry.details and "无固定期限" in entry.details
    assert {("劳动合同法实施条例", "第七条"), ("劳动争议调解仲裁法", "第二十七条")} <= cited(entry)


@pytest.mark.parametrize("entry_id", ["limit-011", "lit-010", "elder-016"])
def test_enforcement_entries_count_each_instalment_and_keep_maintenance_open(
    by_id: dict[str, FaqEntry], entry_id: str
) -> None:
    """民诉法 Art. 250: each instalment from its own day; 民法典 Art. 196: support never expires."""
    entry = by_id[entry_id]
    text = entry.answer + entry.details
    assert "最后一期" not in text
    assert "每一期" in text
    assert "不适用诉讼时效" in text


@pytest.mark.parametrize("entry_id", ["petition-006", "lab2-200"])
def test_judgment_entries_give_the_appeal_deadline(
    by_id: dict[str, FaqEntry], entry_id: str
) -> None:
    entry = by_id[entry_id]
    assert "15" in entry.answer + entry.details
    assert ("民事诉讼法", "第一百七十一条") in cited(entry)
