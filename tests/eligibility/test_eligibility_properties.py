"""Properties of the interview order, checked against brute force over whole fact sets.

The oracle only ever calls ``evaluate`` on *complete* fact sets, where no search is involved:
the rules are simply applied in order.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.eligibility import ASK_ORDER, FACT_VALUES, evaluate, next_question

Facts = dict[str, str | int]
Result = tuple[str | None, frozenset[str]]

# Every value for the facts with few values; one per behaviour for the wide ones (the
# numbers either side of each warning threshold).
DOMAINS: dict[str, tuple[str | int, ...]] = {
    **FACT_VALUES,
    "applicant_group": ("migrant_worker", "elderly", "other"),
    "months_since_due": (0, 32, 33, 80),
    "months_since_left": (0, 10, 11, 40),
    "months_since_injury": (0, 10, 11, 30),
    "days_since_award": (0, 11, 12, 30),
}
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

full_facts = st.fixed_dictionaries({k: st.sampled_from(DOMAINS[k]) for k in ASK_ORDER})
partial_facts = st.fixed_dictionaries(
    {}, optional={k: st.sampled_from(DOMAINS[k]) for k in ASK_ORDER}
)


def result_of(facts: Facts) -> Result:
    assessment = evaluate(facts)
    return assessment.outcome, frozenset(assessment.flags)


def completions(partial: Facts, skip: str, rng: random.Random) -> Iterator[Facts]:
    """Random completions first (fast witnesses), then every completion when that is small."""
    unknown = [k for k in ASK_ORDER if k not in partial and k != skip]
    for _ in range(4000):
        yield {**partial, **{k: rng.choice(DOMAINS[k]) for k in unknown}}
    size = 1
    for key in unknown:
        size *= len(DOMAINS[key])
    if size <= 60_000:
        for values in itertools.product(*(DOMAINS[k] for k in unknown)):
            yield {**partial, **dict(zip(unknown, values, strict=True))}


def can_change_result(partial: Facts, key: str, rng: random.Random) -> bool:
    for completion in completions(partial, key, rng):
        results = {result_of({**completion, key: value}) for value in DOMAINS[key]}
        if len(results) > 1:
            return True
    return False


@PROPERTY
@given(full=full_facts)
def test_interview_ends_with_the_outcome_of_the_full_facts(full: Facts) -> None:
    asked: Facts = {}
    while (key := next_question(asked)) is not None:
        assert key not in asked
        asked[key] = full[key]
        assert len(asked) <= 15
    final = evaluate(asked)
    assert final.complete
    assert result_of(asked) == result_of(full)


@PROPERTY
@given(full=full_facts)
def test_interview_follows_the_natural_order(full: Facts) -> None:
    asked: Facts = {}
    while (key := next_question(asked)) is not None:
        asked[key] = full[key]
    positions = [ASK_ORDER.index(k) for k in asked]
    assert positions == sorted(positions)


@PROPERTY
@given(partial=partial_facts, seed=st.integers(0, 2**32))
def test_next_question_only_asks_what_can_change_the_result(partial: Facts, seed: int) -> None:
    rng = random.Random(seed)  # drawn as a seed so Hypothesis shrinks the facts, not the search
    key = next_question(partial)
    if key is None:
        # Nothing decisive is missing: every completion gives the same result.
        assessment = evaluate(partial)
        assert assessment.complete
        expected = (assessment.outcome, frozenset(assessment.flags))
        sample = itertools.islice(completions(partial, "", rng), 300)
        assert all(result_of(c) == expected for c in sample)
    else:
        assert key not in partial
        assert can_change_result(partial, key, rng)


@settings(PROPERTY, max_examples=40)  # checks every missing fact, so each example costs more
@given(partial=partial_facts, seed=st.integers(0, 2**32))
def test_every_missing_fact_is_decisive(partial: Facts, seed: int) -> None:
    rng = random.Random(seed)
    assessment = evaluate(partial)
    assert all(can_change_result(partial, key, rng) for key in assessment.missing)
    if assessment.missing:
        assert next_question(partial) == assessment.missing[0]
