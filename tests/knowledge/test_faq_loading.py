"""Loading and validating FAQ files: clear errors that name the file and the entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.faq import TOPICS, Citation, KnowledgeError, dangling_links, load_entries

GOOD = """
- id: wage-001
  topic: wage_arrears
  question: 欠薪怎么办？
  paraphrases: [老板不给钱, 工资拖着不发, 讨薪, 工钱要不回来]
  answer: 可以投诉。
  citations:
    - law: 劳动合同法
      article: 第三十条
  next_steps: [complaint, "call:12333", "faq:wage-001"]
  reviewed: 2026-11-22
"""


def write(tmp_path: Path, text: str, name: str = "wage_arrears.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_good_entry_loads_into_the_data_model(tmp_path: Path) -> None:
    [entry] = load_entries(write(tmp_path, GOOD))
    assert entry.id == "wage-001" and entry.topic in TOPICS
    assert entry.citations == (Citation("劳动合同法", "第三十条"),)
    assert entry.reviewed == dt.date(2026, 11, 22)
    assert entry.paraphrases[0] == "老板不给钱" and entry.uncertain is False


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("topic: wage_arrears", "topic: wages", "unknown topic"),
        ("    - law: 劳动合同法\n      article: 第三十条", "", "citation"),
        ("[老板不给钱, 工资拖着不发, 讨薪, 工钱要不回来]", "[老板不给钱]", "paraphrases"),
        ('"call:12333"', '"call:999"', "bad next_step"),
        ("complaint,", "visit,", "bad next_step"),
        ("id: wage-001", "id: Wage1", "id must"),
        ("reviewed: 2026-11-22", "reviewed: soon", "reviewed"),
    ],
)
def test_schema_errors_name_file_and_entry(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD
    write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(KnowledgeError, match=message) as error:
        load_entries(tmp_path)
    assert "wage_arrears.yaml" in str(error.value)


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD, name="other.yaml")
    with pytest.raises(KnowledgeError, match="duplicate id"):
        load_entries(tmp_path)


def test_dangling_related_entry_links_are_reported_not_fatal(tmp_path: Path) -> None:
    entries = load_entries(write(tmp_path, GOOD.replace("faq:wage-001", "faq:aid-009")))
    assert dangling_links(entries) == ["wage-001 -> faq:aid-009"]


def test_a_missing_directory_is_a_knowledge_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError):
        load_entries(tmp_path / "nowhere")


def test_broken_yaml_is_a_knowledge_error(tmp_path: Path) -> None:
    write(tmp_path, "- id: [unclosed")
    with pytest.raises(KnowledgeError, match="cannot read"):
        load_entries(tmp_path)
