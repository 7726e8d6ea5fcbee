"""Support-lawsuit eligibility (民事支持起诉预审): the rules as data, their evaluator, the facts.

The public surface is :func:`evaluate`, :func:`next_question`, :func:`replay` and
:func:`value_options`; the
rules live in ``rules.yaml`` and the expected results in ``policy_table.csv``. The machinery
is written over a :class:`Scheme` (``ELIGIBILITY`` here), so judicial relief
(:mod:`dialogs.relief`) is a second rule book on the same engine.
"""

from dialogs.eligibility.assessment import Assessment, Reason, TraceStep
from dialogs.eligibility.facts import ASK_ORDER, ELIGIBILITY, FACT_VALUES, FactError, value_options
from dialogs.eligibility.rulebook import FLAGS, OUTCOMES, RuleBook, RulesError, localised
from dialogs.eligibility.rules import evaluate, load_rules, next_question, replay
from dialogs.eligibility.scheme import Scheme

__all__ = [
    "ASK_ORDER",
    "ELIGIBILITY",
    "FACT_VALUES",
    "FLAGS",
    "OUTCOMES",
    "Assessment",
    "FactError",
    "Reason",
    "RuleBook",
    "RulesError",
    "Scheme",
    "TraceStep",
    "evaluate",
    "load_rules",
    "localised",
    "next_question",
    "replay",
    "value_options",
]
