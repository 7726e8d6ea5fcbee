"""``frontdesk clock``: called with argv in-process, and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.commands.clock import main

ROOT = Path(__file__).parents[2]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["clock", "--json", *argv]) == 0
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def test_json_output_keys_and_dates(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "--received", "2026-09-23T17:30:00Z")
    assert result["procedural_reply_due"] == "2026-10-08"
    assert result["result_reply_due"] == "2026-12-24"
    assert result["provisional"] is False
    reasons = result["reasons"]
    assert isinstance(reasons, list)
    assert {"code": "rolled_past_rest_day", "holiday": "国庆节"}.items() <= reasons[1].items()


def test_a_naive_time_is_taken_in_the_service_timezone(capsys: pytest.CaptureFixture[str]) -> None:
    # 20:00 in Beijing is still 09-23; read as UTC it would have been 09-24.
    result = run_json(capsys, "--received", "2026-09-23T20:00")
    assert result["received_on"] == "2026-09-23"
    assert result["procedural_reply_due"] == "2026-09-30"


def test_working_mode_and_holidays_file(capsys: pytest.CaptureFixture[str]) -> None:
    working = run_json(capsys, "--received", "2026-09-30T10:00+08:00", "--ack-mode", "working")
    assert working["procedural_reply_due"] == "2026-10-15"
    fallback = run_json(capsys, "--received", "2027-01-29T10:00+08:00")
    assert (fallback["procedural_reply_due"], fallback["provisional"]) == ("2027-02-09", True)
    admin_file = str(ROOT / "docs" / "holidays.example.yaml")
    admin = run_json(capsys, "--received", "2027-01-29T10:00+08:00", "--holidays", admin_file)
    assert (admin["procedural_reply_due"], admin["provisional"]) == ("2027-02-15", False)


def test_human_summary_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clock", "--received", "2026-11-22T10:00+08:00"]) == 0
    out = capsys.readouterr().out
    assert "Procedural reply due: 2026-11-30" in out
    assert "结果答复" in out and "2027-02-22" in out
    assert "PROVISIONAL" in out


def test_a_bad_holidays_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["clock", "--received", "2026-11-22T10:00", "--holidays", str(tmp_path / "none.yaml")]
    assert main(argv) == 2
    assert "cannot read holidays file" in capsys.readouterr().err


def test_an_unparsable_time_exits_2_with_a_clear_message() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "bot.commands.clock", "clock", "--received", "next tuesday"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "not an ISO-8601 date-time: 'next tuesday'" in completed.stderr


def test_help_says_naive_times_use_the_service_timezone(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["clock", "--help"])
    assert exited.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal width
    assert "without an offset is taken in the service timezone" in help_text


def test_the_clocks_package_imports_no_database_or_web_framework() -> None:
    probe = (
        "import sys, backend.deadlines, bot.commands.clock; "
        "heavy = {'sqlalchemy', 'fastapi', 'telegram', 'aiogram', 'jieba'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
