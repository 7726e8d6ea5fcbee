"""``faq tune`` (cross-validation on the base's own paraphrases) and ``faq eval``'s figures."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from bot.commands.faq import run_eval, run_tune
from knowledge.answerer import FaqAnswerer
from knowledge.evaluation import EvalRow, evaluate, render_misses
from knowledge.faq import load_entries
from knowledge.ladder import load_thresholds
from knowledge.tokenizer import default_tokenizer
from knowledge.tuning import MAX_CONFIDENTLY_WRONG, choose_thresholds, cross_validate

FIXTURE_FAQ = Path(__file__).parent / "fixtures" / "faq"

# Our own labelled questions (not from any evaluation file), one of them off every topic.
ROWS = [
    EvalRow("包工头拿着工钱跑路了", "wage_arrears"),
    EvalRow("孩子在学校总被同学打", "minors"),
    EvalRow("仲裁下来了公司还是不给钱", "labour_arbitration"),
    EvalRow("股票今天会涨吗", "consumer"),
]


def test_every_paraphrase_is_held_out_exactly_once() -> None:
    entries = load_entries(FIXTURE_FAQ)
    cv = cross_validate(entries, default_tokenizer(), folds=4)
    assert len(cv.held_out) == sum(len(e.paraphrases) for e in entries)
    assert sorted({h.entry for h in cv.held_out}) == list(range(len(entries)))
    assert {cv.classes[t] for t in cv.entry_topic} == {e.topic for e in entries}


def test_chosen_thresholds_keep_confident_mistakes_under_the_bar() -> None:
    cv = cross_validate(load_entries(FIXTURE_FAQ), default_tokenizer(), folds=4)
    thresholds, figures = choose_thresholds(cv)
    assert figures["confidently_wrong_rate"] <= MAX_CONFIDENTLY_WRONG
    assert (
        0 <= figures["answered_rate"] <= 1 and figures["top3_accuracy"] >= figures["top1_accuracy"]
    )
    assert thresholds.none_below <= thresholds.answer_confidence or thresholds.answer_confidence > 1


def _args(**values: object) -> argparse.Namespace:
    return argparse.Namespace(**{"json": False, "data": FIXTURE_FAQ, **values})


def test_faq_tune_writes_a_thresholds_file_the_answerer_reads(tmp_path: Path) -> None:
    out = tmp_path / "thresholds.yaml"
    printed = io.StringIO()
    assert run_tune(_args(out=out, folds=4, json=True), printed) == 0
    document = json.loads(printed.getvalue())
    assert document["cross_validation"]["entries"] == 19
    assert load_thresholds(out).fusion_weight == document["thresholds"]["fusion_weight"]
    assert "cross-validation" in out.read_text(encoding="utf-8")


def test_faq_tune_refuses_one_fold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_tune(_args(out=tmp_path / "t.yaml", folds=1), io.StringIO()) == 2
    assert "--folds" in capsys.readouterr().err


def test_eval_reports_top3_and_confidently_wrong(fixture_answerer: FaqAnswerer) -> None:
    report = evaluate(fixture_answerer, ROWS)
    figures = report.to_dict()
    for key in ("top1_accuracy", "top3_accuracy", "confidently_wrong_rate", "answered_rate"):
        assert 0.0 <= figures[key] <= 1.0, key
    assert figures["top3_accuracy"] >= figures["top1_accuracy"] == 0.75
    wrong = [r for r in report.results if r.decision == "answer" and r.rank != 1]
    assert figures["confidently_wrong_rate"] == len(wrong) / len(ROWS)
    assert "股票今天会涨吗" in render_misses(report)
    assert "包工头拿着工钱跑路了" not in render_misses(report)


def test_faq_eval_misses_on_the_command_line(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    lines = [
        json.dumps({"question": r.question, "topic": r.topic}, ensure_ascii=False) for r in ROWS
    ]
    rows.write_text("\n".join(lines), encoding="utf-8")
    printed = io.StringIO()
    assert run_eval(_args(file=rows, misses=True), printed) == 0
    text = printed.getvalue()
    assert "right topic in top 3" in text and "confidently wrong" in text
    assert "want consumer" in text
