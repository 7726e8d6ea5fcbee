"""The eligibility rule trace as a caseworker reads it.

``第5a条 劳动关系欠薪须先仲裁：适用，因为 干活的方式是“给公司、单位干活”；有没有欠条是“没有”``
instead of ``{"id": "wages_arbitrate_first", "status": "matched", "checks": [...]}``.
A rule's title is ``console.rule.<id>``; a rule without one is named by the outcome it gives
(from the rule book), so a rule added by the lawyers still reads as words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from backend.staff.labels import Labels

# "matter = wages", "matter in [criminal, administrative]", "months_since_due > 12"
_TEST = re.compile(r"^(?P<fact>\w+)\s+(?P<op>=|!=|≠|in|not in|>=|<=|>|<)\s+(?P<want>.+)$")
_OPS = {"=": "is", "in": "in", "!=": "not", "≠": "not", "not in": "not"}
_OPS |= {">": "gt", ">=": "ge", "<": "lt", "<=": "le"}


@cache
def _rule_outcomes() -> dict[str, str]:
    """Rule id → the outcome it gives (flags and continuing rules have none), in every book."""
    from dialogs.eligibility import load_rules
    from dialogs.relief import relief_rules

    try:
        books = (load_rules(), relief_rules())
    except Exception:  # a broken rule file must not break the case page
        return {}
    return {rule.id: rule.outcome for book in books for rule in book.rules if rule.outcome}


def rule_title(step: dict[str, Any], labels: Labels) -> str:
    """The rule's short name: its catalog title, else the outcome it gives, else a flag's."""
    rule_id = str(step.get("id") or "")
    titled = labels.first(f"console.rule.{rule_id}")
    if titled:
        return titled
    if step.get("kind") == "flag":
        return labels.text("trace.flag_title", flag=labels.flag(rule_id))
    outcome = _rule_outcomes().get(rule_id)
    return labels.text("trace.gives", outcome=labels.outcome(outcome)) if outcome else ""


def trace_line(step: dict[str, Any], labels: Labels) -> dict[str, Any]:
    """One step of the trace: ``{"text", "status", "decided"}`` with the status in words."""
    status = str(step.get("status") or "not_reached")
    number = str(step.get("step") or "")
    head = labels.text("trace.step", step=number) if number else labels.text("trace.flag")
    title = rule_title(step, labels)
    verdict = labels.first(f"console.trace.status.{status}") or labels.text("trace.status.other")
    text = f"{head} {title}：{verdict}" if title else f"{head}：{verdict}"
    why = because(step, status, labels)
    return {
        "text": f"{text}，{why}" if why else text,
        "status": status,
        "decided": status == "matched",
    }


def because(step: dict[str, Any], status: str, labels: Labels) -> str:
    """Why the rule applied, did not apply, or could not be decided."""
    if status == "not_reached":
        return labels.text("trace.not_reached")
    checks = [c for c in step.get("checks") or [] if isinstance(c, dict)]
    if status == "skipped":
        checks = [c for c in checks if c.get("result") is False][:1] or checks[:1]
    elif status == "matched":  # of several alternatives, the ones that held
        checks = [c for c in checks if c.get("result") is True] or checks
    elif status == "undecided":
        unknown = [labels.fact(str(c.get("fact"))) for c in checks if c.get("result") is None]
        return labels.text("trace.unknown", facts="、".join(dict.fromkeys(unknown)))
    parts = [check_words(c, labels) for c in checks]
    return labels.text("trace.because", reasons="；".join(p for p in parts if p)) if parts else ""


def check_words(check: dict[str, Any], labels: Labels) -> str:
    """One test in words: 有没有欠条是“没有”（规则要求：有）."""
    fact = str(check.get("fact") or "")
    actual = labels.fact_value(fact, check.get("actual"))
    said = labels.text("trace.actual", fact=labels.fact(fact), value=actual)
    if check.get("result") is not False:
        return said
    match = _TEST.match(str(check.get("test") or ""))
    if match is None:
        return said
    wanted = [w.strip() for w in match["want"].strip("[]").split(",") if w.strip()]
    values = "、".join(labels.fact_value(fact, _number(w)) for w in wanted)
    rule = labels.text(f"trace.op.{_OPS.get(match['op'], 'is')}", values=values)
    return labels.text("trace.wanted", said=said, rule=rule)


def _number(word: str) -> Any:
    return int(word) if word.isdigit() else word


def trace_lines(trace: Any, labels: Labels) -> list[dict[str, Any]]:
    """The whole trace, rules first then flags, as readable lines (bad entries skipped)."""
    if not isinstance(trace, list):
        return []
    return [trace_line(step, labels) for step in trace if isinstance(step, dict)]
