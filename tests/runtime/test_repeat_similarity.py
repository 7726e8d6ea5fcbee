"""The repeat rule's similarity measure (character-bigram Jaccard), without a database."""

from __future__ import annotations

from backend.services.complaints import REPEAT_SIMILARITY, similarity


def test_the_same_story_told_again_is_similar() -> None:
    first = "老板欠我两万三千元工资一直不给，有欠条。"
    again = "老板欠我两万三千元工资，一直不给！有欠条"
    assert similarity(first, again) >= REPEAT_SIMILARITY


def test_a_different_matter_is_not() -> None:
    wages = "老板欠我两万三千元工资一直不给，有欠条。"
    training = "培训机构倒闭了，孩子的学费八千元不退。"
    assert similarity(wages, training) < REPEAT_SIMILARITY
    assert similarity("", wages) == 0.0
