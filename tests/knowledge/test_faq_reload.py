"""The index follows the FAQ files without a restart, and keeps the last good one on errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.answerer import FaqAnswerer

FIXTURE_FAQ = Path(__file__).parent / "fixtures" / "faq"

NEW_ENTRY = """
- id: disability-001
  topic: disability
  question: 残疾证怎么办理？
  paraphrases: [去哪办残疾证, 残疾人证要什么材料, 办残疾证流程, 残疾证在哪申请]
  answer: 向户籍所在地县级残联申请，经评定后发证。
  citations:
    - law: 残疾人保障法
      article: 第二条
  next_steps: [person]
  reviewed: 2026-11-22
"""


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def faq_dir(tmp_path: Path) -> Path:
    target = tmp_path / "faq"
    shutil.copytree(FIXTURE_FAQ, target)
    return target


def test_a_new_entry_is_found_after_the_check_interval(faq_dir: Path) -> None:
    clock = FakeClock()
    answerer = FaqAnswerer.from_directory(faq_dir, check_every=10, clock=clock)
    assert answerer.entry("disability-001") is None
    (faq_dir / "disability.yaml").write_text(NEW_ENTRY, encoding="utf-8")
    assert answerer.maybe_reload() is False  # not yet time to look
    clock.now = 11
    assert answerer.ask("残疾证怎么办").hits[0].entry.id != "disability-001"  # asking never reloads
    assert answerer.maybe_reload() is True
    assert answerer.ask("残疾证怎么办").hits[0].entry.id == "disability-001"
    assert answerer.entry("disability-001") is not None


def test_an_edited_file_replaces_the_index(faq_dir: Path) -> None:
    answerer = FaqAnswerer.from_directory(faq_dir, check_every=0)
    old_index = answerer.index
    path = faq_dir / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_ENTRY, encoding="utf-8")
    assert answerer.maybe_reload() is True
    assert answerer.index is not old_index
    assert answerer.maybe_reload() is False  # unchanged files: no rebuild


def test_a_broken_file_keeps_the_last_good_index(faq_dir: Path) -> None:
    answerer = FaqAnswerer.from_directory(faq_dir, check_every=0)
    before = answerer.index
    (faq_dir / "broken.yaml").write_text("- id: [unclosed", encoding="utf-8")
    assert answerer.maybe_reload() is False
    assert answerer.index is before
    assert answerer.ask("劳动仲裁怎么申请").hits[0].entry.id == "arbitration-001"
