"""``frontdesk relief``: in-process, and once as a real subprocess through the entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.commands.relief import main

ROOT = Path(__file__).parents[2]
APPLY = {
    "harm": "life_threatening",
    "compensated": "none",
    "hardship": "yes",
    "at_fault": "no",
    "stage": "procuratorate",
}


def facts_file(tmp_path: Path, content: object) -> str:
    path = tmp_path / "facts.json"
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_has_the_eligibility_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--facts", facts_file(tmp_path, APPLY), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"outcome", "verdict", "flags", "reasons", "trace", "missing", "evidence"}
    assert result["outcome"] == "relief_apply"
    assert result["flags"] == ["urgent"]
    articles = [c["article"] for r in result["reasons"] for c in r["citations"]]
    assert "第7条第2项" in articles
    matched = [s["id"] for s in result["trace"] if s["status"] == "matched"]
    assert matched == ["relief_injured_victim", "urgent_treatment"]
    assert result["missing"] == []
    assert "treatment_need" in result["evidence"]


def test_other_route_names_the_body_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = {**APPLY, "harm": "serious_injury", "stage": "court"}
    assert main(["--facts", facts_file(tmp_path, facts), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "outcome: relief_other_route" in text
    assert "apply for judicial relief to the court handling it" in text
    assert "☎ 12368" in text
    assert "4b relief_at_court: matched" in text


def test_partial_facts_list_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--facts", facts_file(tmp_path, {"harm": "retaliation", "stage": None}), "--json"])
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] is None
    assert result["missing"] == ["compensated", "hardship", "at_fault", "stage"]


@pytest.mark.parametrize(
    "content", ['{"harm": "bruise"}', '{"matter": "wages"}', "[1, 2]", "not json"]
)
def test_bad_facts_exit_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    assert main(["--facts", facts_file(tmp_path, content)]) == 2
    assert capsys.readouterr().err.startswith("frontdesk relief: ")


def test_the_entry_point_runs_it(tmp_path: Path) -> None:
    facts = facts_file(tmp_path, {"compensated": "full"})
    done = subprocess.run(
        [sys.executable, "-m", "bot.commands.relief", "--facts", facts, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "relief_not_eligible"
