"""The FAQ follows its files through the reload worker; a citizen's question never reloads."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from backend.clock import ManualClock
from backend.services.faq_reload import faq_reload_worker
from backend.settings import Settings
from backend.wiring import build_services
from knowledge.answerer import FaqAnswerer

FIXTURE_FAQ = Path(__file__).parents[1] / "knowledge" / "fixtures" / "faq"
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


async def test_the_worker_picks_up_an_edited_directory(
    settings: Settings, clock: ManualClock, tmp_path: Path
) -> None:
    faq_dir = tmp_path / "faq"
    shutil.copytree(FIXTURE_FAQ, faq_dir)
    answerer = FaqAnswerer.from_directory(faq_dir, check_every=0)
    quick = settings.model_copy(update={"faq_dir": faq_dir, "faq_reload_seconds": 0.01})
    services = build_services(quick, clock=clock, faq=answerer)
    try:
        (faq_dir / "disability.yaml").write_text(NEW_ENTRY, encoding="utf-8")
        assert answerer.entry("disability-001") is None  # asking alone never reloads
        answerer.ask("残疾证怎么办")
        assert answerer.entry("disability-001") is None
        worker = asyncio.create_task(faq_reload_worker(services))
        try:
            async with asyncio.timeout(30):
                while answerer.entry("disability-001") is None:
                    await asyncio.sleep(0.01)
        finally:
            worker.cancel()
        assert answerer.ask("残疾证怎么办").hits[0].entry.id == "disability-001"
    finally:
        await services.db.dispose()


async def test_without_files_to_follow_the_worker_stops_at_once(
    settings: Settings, clock: ManualClock
) -> None:
    from tests.fakes.faq import FakeFaq

    services = build_services(settings, clock=clock, faq=FakeFaq())
    try:
        async with asyncio.timeout(5):
            await faq_reload_worker(services)  # returns: nothing on disk to follow
    finally:
        await services.db.dispose()
