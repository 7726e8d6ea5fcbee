"""Wiring: builds one process's services from settings, in one place (the composition root).

The ``Services`` type itself lives in ``backend.container`` (which imports no handler), so
routes, workers and effect handlers can name it without importing every area.
"""

from __future__ import annotations

import logging

from backend import appointments, leads
from backend import milestones as _milestones  # noqa: F401  (statuses and templates)
from backend.appointments import kind as _appointment_kind  # noqa: F401  (registers the kind)
from backend.clock import SystemClock
from backend.container import Services
from backend.db.crypto import FieldCipher
from backend.db.database import Database
from backend.deadlines import build_calendar, build_policy
from backend.effects import EffectRegistry
from backend.metrics import CountedFaq, Metrics
from backend.notifier import Notifier
from backend.office_hours import OfficeHours
from backend.runtime import Runtime
from backend.services import applications, casework, complaints, handoff, privacy, relief, signals
from backend.services import status as status_service
from backend.services.reminder_worker import TELL_CITIZEN
from backend.services.reminders import FOLLOWUP
from backend.settings import Settings
from backend.staff import citizen_followup
from backend.staff import survey as staff_survey
from backend.teams import assign_on_insert
from dialogs.types import Clock, FaqSource

__all__ = ["build_services", "default_effects", "load_faq", "warm_up"]

log = logging.getLogger("frontdesk.wiring")


def default_effects() -> EffectRegistry:
    """The effect handlers of every area."""
    registry = EffectRegistry()
    registry.register("request_person", handoff.request_person)
    registry.register("cancel_person", handoff.cancel_person)
    registry.register("flag_urgent", signals.flag_urgent)
    registry.register("record_feedback", signals.record_feedback)
    registry.register("record_faq_miss", signals.record_faq_miss)
    registry.register("delete_my_data", privacy.delete_my_data)
    registry.register("open_complaint", complaints.open_complaint)
    registry.register("file_application", applications.file_application)
    registry.register("file_relief", relief.file_relief)  # also registers the relief kind
    registry.register("lookup_my_matters", status_service.lookup_my_matters)
    registry.register("lookup_matter", status_service.lookup_matter)
    registry.register("record_satisfaction", staff_survey.record_satisfaction)
    registry.register("add_to_case", casework.add_to_case)
    appointments.register(registry)
    leads.register(registry)
    registry.register("record_followup_answer", citizen_followup.record_answer)
    TELL_CITIZEN[FOLLOWUP] = citizen_followup.ask_citizen  # 回访 answered in the chat
    return registry


def load_faq(settings: Settings) -> FaqSource | None:
    """The FAQ answerer over the configured knowledge directory (built once per process)."""
    from knowledge.answerer import FaqAnswerer
    from knowledge.english import BilingualFaq
    from knowledge.faq import default_data_dir
    from knowledge.tokenizer import default_tokenizer

    answerer = FaqAnswerer.from_directory(
        settings.faq_dir or default_data_dir(),
        token_cache=settings.data_dir / "cache" / "faq-tokens.json",
    )
    default_tokenizer().warm()  # the first question must not wait for jieba's dictionary
    return BilingualFaq.around(answerer)  # English questions: data/faq_en, same entries


def warm_up() -> None:
    """Read the catalogs and rule files now, so the first citizen does not wait for them."""
    from dialogs.catalog import default_catalog
    from dialogs.eligibility.rulebook import default_rulebook
    from dialogs.routing import routing_table
    from dialogs.safety import danger_words

    default_catalog()
    default_rulebook()
    routing_table()
    danger_words()


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    faq: FaqSource | None = None,
    load_knowledge: bool = True,
) -> Services:
    """Build the services for ``settings``; tests pass a clock and a fake FAQ."""
    clock = clock or SystemClock()
    assign_on_insert()  # every new matter lands in a team's queue (backend/teams)
    db = Database(settings.effective_database_url, FieldCipher(settings.data_keys))
    if faq is None and load_knowledge:
        faq = load_faq(settings)
        warm_up()
    notifier = Notifier()
    effects = default_effects()
    metrics = Metrics()
    runtime = Runtime(
        db=db,
        effects=effects,
        clock=clock,
        faq=CountedFaq(faq, metrics) if faq is not None else None,
        notifier=notifier,
        engine_settings={"retention_faq_days": settings.retention_faq_days},
        observe=metrics.observe_turn,
    )
    services = Services(
        settings=settings,
        db=db,
        runtime=runtime,
        effects=effects,
        clock=clock,
        notifier=notifier,
        office_hours=OfficeHours.parse(settings.office_hours, settings.timezone),
        faq=faq,
        calendar=build_calendar(settings.holidays_file),
        deadline_policy=build_policy(
            ack_days=settings.ack_days,
            ack_mode=settings.ack_mode,
            answer_months=settings.answer_months,
            timezone=settings.timezone,
        ),
        metrics=metrics,
    )
    runtime.services = services
    return services
