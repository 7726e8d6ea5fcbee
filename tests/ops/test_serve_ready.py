"""``frontdesk serve`` says where the web chat and the staff console are once it answers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.serving import free_port, stop
from bot.commands.serve import base_url, ready_message

ROOT = Path(__file__).parents[2]


def test_the_addresses_printed_once_ready_are_the_pages(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env.update(FRONTDESK_DATA_DIR=str(tmp_path), FRONTDESK_LOG_LEVEL="WARNING")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip())
            if "staff console" in line:
                break
        assert lines[0] == "Frontdesk is ready.", lines
        urls = [line.split()[-1] for line in lines[1:3]]
        assert urls == [f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/staff"]
        for url in urls:
            with urllib.request.urlopen(url, timeout=10) as page:
                assert page.status == 200 and b"<html" in page.read().lower()
    finally:
        stop(process)  # type: ignore[arg-type]
        if process.stdout is not None:
            process.stdout.close()


def test_all_interfaces_are_shown_as_this_machine() -> None:
    assert base_url("0.0.0.0", 8080) == "http://127.0.0.1:8080"
    assert base_url("::1", 8080) == "http://[::1]:8080"
    assert "listening on all interfaces" in ready_message("0.0.0.0", 8080)
    assert "all interfaces" not in ready_message("127.0.0.1", 8000)
