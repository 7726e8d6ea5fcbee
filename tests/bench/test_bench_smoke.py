"""Each benchmark runs end to end at a tiny size (no figures are checked: speed is not a test)."""

from __future__ import annotations

import os

import pytest

from bench import http, queue, startup

pytestmark = pytest.mark.slow


def test_http_bench_runs_against_a_real_server(capsys: pytest.CaptureFixture[str]) -> None:
    tiny = ["--quick", "--configs=sqlite-1", "--conversations=1", "--turns=16", "--warmup=8"]
    assert http.main(tiny) == 0
    table = capsys.readouterr().out
    assert "| sqlite-1 | 1 | 16 |" in table


def test_startup_bench_reaches_a_first_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert startup.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "| fresh data dir | 1 |" in out
    assert "| restart | 1 |" in out


@pytest.mark.postgres
def test_queue_bench_times_and_explains(capsys: pytest.CaptureFixture[str]) -> None:
    url = os.environ.get("FRONTDESK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("FRONTDESK_TEST_POSTGRES_URL is not set")
    # 0: every hot query has an index to use (a small table may still be scanned by choice).
    assert queue.main(["--quick", "--rows=3000", "--runs=2", f"--postgres={url}"]) == 0
    out = capsys.readouterr().out
    assert "hot queries no index can serve (planned with enable_seqscan off): 0" in out
    assert "generated 3,000 matters" in out
    assert "| reminder claim (100, SKIP LOCKED) | 2 |" in out
    assert "EXPLAIN" not in out  # plans are printed as plans, not as the statement
    assert "Index" in out
