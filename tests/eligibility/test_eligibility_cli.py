"""``frontdesk eligibility``: called in-process, and once as a real subprocess."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.commands.eligibility import main, register
from tests.eligibility.test_eligibility_policy_table import facts_of, read_rows

ROOT = Path(__file__).parents[2]
WAGES = {
    "matter": "wages",
    "applicant_group": "migrant_worker",
    "proceedings": "none",
    "has_lawyer": "no",
    "willing_to_sue": "yes",
    "relationship": "employment",
    "has_iou": "no",
    "arbitration": "none",
    "still_employed": "no",
    "months_since_left": 14,
    "many_claimants": "yes",
}


def facts_file(tmp_path: Path, content: object) -> str:
    path = tmp_path / "facts.json"
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_output_has_outcome_flags_reasons_trace_and_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--facts", facts_file(tmp_path, WAGES), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] == "arbitration_first"
    assert result["flags"] == ["limitation_risk", "group_dispute"]
    assert result["reasons"][0]["citations"][0] == {
        "law": "劳动争议调解仲裁法",
        "article": "第5条",
        "note": "劳动争议先仲裁",
    }
    matched = next(s["id"] for s in result["trace"] if s["status"] == "matched")
    assert matched == "arbitrate_first"
    assert result["verdict"]["zh-Hans"].startswith("请先到劳动人事争议仲裁委员会")
    assert result["missing"] == []
    assert "iou" in result["evidence"]


def test_text_output_names_outcome_reasons_phones_and_trace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--facts", facts_file(tmp_path, WAGES)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("outcome: arbitration_first")
    assert "劳动争议调解仲裁法 第27条第4款" in out
    assert "[flag limitation_labour → limitation_risk]" in out
    assert "☎ 12333" in out
    assert "5b arbitrate_first: matched" in out
    assert "missing: (none)" in out


REVIEW_ROWS = ("P06", "P32", "P22", "P66", "P14", "P53", "P25")


@pytest.mark.parametrize("case", REVIEW_ROWS)
def test_the_seven_patterns_of_the_legal_review_through_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    (row,) = [r for r in read_rows() if r["case"] == case]
    assert main(["--facts", facts_file(tmp_path, facts_of(row)), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] == row["expected_outcome"], row["note"]
    assert set(result["flags"]) == {f for f in row["expected_flags"].split(";") if f}
    assert result["missing"] == []


def test_a_version_one_file_lists_the_new_fact_as_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v1 = {**WAGES, "months_since_due": 14}
    del v1["months_since_left"]
    assert main(["--facts", facts_file(tmp_path, v1)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("outcome: arbitration_first")
    assert "missing: months_since_left" in out


def test_partial_facts_list_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--facts", facts_file(tmp_path, {"matter": "wages", "urgent": None}), "--json"]) == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] is None
    assert result["missing"][0] == "applicant_group"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"matter": ', "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ({"matterr": "wages"}, "unknown fact key 'matterr'"),
        ({"matter": "wage"}, "has no value 'wage'"),
        ({"months_since_due": "3"}, "whole number"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: object, message: str
) -> None:
    assert main(["--facts", facts_file(tmp_path, content)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--facts", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_register_adds_the_subcommand_with_a_handler(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser(prog="frontdesk")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["eligibility", "--facts", facts_file(tmp_path, WAGES), "--json", "--lang", "en"]
    )
    out = io.StringIO()
    assert args.handler(args, out=out) == 0
    assert json.loads(out.getvalue())["outcome"] == "arbitration_first"


def test_runs_as_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.commands.eligibility",
            "--facts",
            facts_file(tmp_path, {"matter": "criminal"}),
            "--lang",
            "en",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "outcome: not_civil" in done.stdout
    assert "110" in done.stdout
