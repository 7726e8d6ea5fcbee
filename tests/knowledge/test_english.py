"""English questions answered from the same entries; Traditional questions too."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from knowledge.answerer import FaqAnswerer
from knowledge.english import (
    BilingualFaq,
    EnglishText,
    default_english_dir,
    load_english,
    looks_english,
)
from knowledge.faq import KnowledgeError, default_data_dir
from knowledge.yamlio import read_yaml

QUESTIONS = Path(__file__).with_name("english_questions.yaml")


@pytest.fixture(scope="module")
def bilingual() -> BilingualFaq:
    return BilingualFaq.around(FaqAnswerer.from_directory(default_data_dir()))


def _half(text: str) -> str:
    return "train" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "held"


def test_every_english_face_names_a_real_entry_and_is_complete(bilingual: BilingualFaq) -> None:
    known = {e.id: e for e in bilingual.chinese.index.entries}
    faces = load_english(default_english_dir(), known, strict=True)
    assert len(faces) >= 60
    topics = {known[i].topic for i in faces}
    assert {"wage_arrears", "labour_contract", "training_refund", "elderly_support"} <= topics
    for face in faces.values():
        assert looks_english(face.gist) and looks_english(face.question), face.id


def test_the_files_are_checked(tmp_path: Path, bilingual: BilingualFaq) -> None:
    known = {e.id: e for e in bilingual.chinese.index.entries}
    (tmp_path / "x.yaml").write_text(
        "- {id: wage-999, question: q, gist: g, variants: [a, b, c]}\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match="no Chinese entry"):
        load_english(tmp_path, known, strict=True)
    assert load_english(tmp_path, known) == {}  # a base without that entry just skips it
    (tmp_path / "x.yaml").write_text("- {id: wage-001, question: q, gist: g}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="variants"):
        load_english(tmp_path, known)


def test_held_back_english_questions_find_their_topic(bilingual: BilingualFaq) -> None:
    rows = [r for r in read_yaml(QUESTIONS) if _half(r["text"]) == "held"]
    assert len(rows) >= 12
    right = answered = answered_right = 0
    for row in rows:
        found = bilingual.ask(row["text"])
        top = found.hits[0].entry.topic if found.hits else None
        right += top == row["topic"]
        answered += found.decision == "answer"
        answered_right += found.decision == "answer" and top == row["topic"]
    assert right / len(rows) >= 0.85
    assert answered and answered_right / answered >= 0.9


def test_english_goes_to_english_and_the_rest_to_chinese(bilingual: BilingualFaq) -> None:
    english = bilingual.ask("my boss ran off without paying our wages")
    assert english.hits and english.hits[0].entry.topic == "wage_arrears"
    assert english.hits[0].entry.question.endswith("？")  # the Chinese entry itself
    chinese = bilingual.ask("包工头欠工资跑了")
    assert chinese.hits[0].entry.topic == "wage_arrears"
    traditional = bilingual.ask("包工頭欠工資跑了，找誰要")
    assert traditional.hits[0].entry.topic == "wage_arrears"
    assert bilingual.ask("what is the weather like").decision == "none"
    assert bilingual.index is bilingual.chinese.index  # the console's editor still works


def test_looks_english() -> None:
    assert looks_english("my boss did not pay me")
    assert not looks_english("ok")
    assert not looks_english("老板 did not pay")
    assert EnglishText().tokenize("My boss hasn't paid wages") == [
        "employer",
        "hasnt",
        "wage",
        "wage",
    ]
