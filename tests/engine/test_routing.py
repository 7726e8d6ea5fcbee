"""The routing table as data: every reference resolves and every text exists in the catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.catalog import default_catalog
from dialogs.routing import RoutingError, load_routing, routing_table


def test_every_route_and_question_has_catalog_text() -> None:
    table, catalog = routing_table(), default_catalog()
    for route in table.routes.values():
        for field in ("body", "bring", "note"):
            assert catalog.has(f"routing.route.{route.id}.{field}"), route.id
        assert route.basis.startswith("《"), route.id
    for question, choices in table.questions.items():
        assert catalog.has(f"routing.question.{question}")
        for choice in choices:
            assert catalog.has(f"routing.option.{question}.{choice.value}")


def test_every_route_is_reachable_from_the_first_question() -> None:
    table = routing_table()
    seen, todo = set(), [table.start]
    while todo:
        for choice in table.choices(todo.pop()):
            if choice.next:
                todo.append(choice.next)
            else:
                seen.add(choice.route)
    # procuratorate_general is also where 意见建议 goes without screening.
    assert seen == set(table.routes)


def test_the_brief_routing_table() -> None:
    table = routing_table()
    expected = {
        "wage_arrears": "12333",
        "crime_now": "110",
        "corruption": "12388",
        "government_services": "12345",
        "consumer_refund": "12315",
        "legal_aid": "12348",
        "women": "12338",
        "youth": "12355",
    }
    for route_id, phone in expected.items():
        assert table.route(route_id).phone == phone and not table.route(route_id).within
    for route_id in ("non_prosecution", "police_no_case", "civil_after_retrial", "judicial_relief"):
        assert table.route(route_id).within
    assert table.route("support_lawsuit").offer == "eligibility"


def test_a_dangling_reference_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "routing.yaml"
    bad.write_text(
        "routes: {a: {within: true, phone: null, basis: x}}\n"
        "screening: {start: q, questions: {q: [{value: v, route: missing}]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RoutingError):
        load_routing(bad)
