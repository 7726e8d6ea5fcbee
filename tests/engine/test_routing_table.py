"""The routing table (指明路径) as a test table: the answers a citizen taps, where they land.

Each row walks the screening questions of ``dialogs/routing.yaml`` by value and checks the
route, whether the procuratorate handles it itself, the phone number and the article cited.
"""

from __future__ import annotations

import pytest

from dialogs.catalog import default_catalog
from dialogs.routing import routing_table
from dialogs.types import Inbound
from tests.engine.transcript import Step, Transcript

# (answers in order, route, within the procuratorate, phone, a piece of the legal basis)
ROWS: list[tuple[tuple[str, ...], str, bool, str | None, str]] = [
    (("work", "wages"), "wage_arrears", False, "12333", "第十三条（由用工所在地"),
    (("work", "injury"), "work_injury_recognition", False, "12333", "《工伤保险条例》第十七条"),
    (("work", "social_insurance"), "social_insurance_arrears", False, "12333", "第六十三条"),
    (("work", "dispute"), "employment_dispute", False, "12333", "《劳动争议调解仲裁法》第五条"),
    (("civil", "elderly"), "elderly", False, "12348", "《老年人权益保障法》第七十五条"),
    (("rights", "elderly"), "elderly", False, "12348", "第五十六条"),
    (("civil", "not_sued"), "civil_not_in_court", False, "12368", "第一百二十三条"),
    (
        ("judgment", "civil", "unpaid", "not_applied"),
        "court_enforcement",
        False,
        "12368",
        "第二百五十条",
    ),
    (
        ("judgment", "civil", "unpaid", "court_inactive"),
        "enforcement_supervision",
        True,
        "12309",
        "第二百四十六条",
    ),
    (("judgment", "civil", "no_retrial"), "civil_retrial_first", False, "12368", "第二百一十六条"),
    (("judgment", "civil", "after_retrial"), "civil_after_retrial", True, "12309", "第二百二十条"),
    (
        ("judgment", "civil", "first_instance"),
        "first_instance_appeal",
        False,
        "12368",
        "第一百七十一条",
    ),
    (("case_handling", "custody"), "custody_supervision", True, "12309", "《监狱法》第六条"),
    (("case_handling", "custody"), "custody_supervision", True, "12309", "《看守所条例》第八条"),
    (
        ("case_handling", "compensation"),
        "state_compensation",
        True,
        "12309",
        "《国家赔偿法》第二十一条",
    ),
    (("case_handling", "misconduct"), "judicial_misconduct", True, "12309", "第二百一十九条第三款"),
    (("public_interest",), "public_interest", True, "12309", "第五十八条第二款"),
    (("government", "decision"), "administrative_act", False, "12348", "《行政复议法》第二十条"),
    (("government", "service"), "government_services", False, "12345", "便民热线"),
    (("consumer",), "consumer_refund", False, "12315", "第三十九条"),
    (("crime_now",), "crime_now", False, "110", "第一百一十条"),
    (("officials",), "corruption", False, "12388", "《监察法》"),
    (("help", "support"), "support_lawsuit", True, "12309", "第十五条"),
]


def walk(answers: tuple[str, ...]) -> str:
    table = routing_table()
    question = table.start
    for n, value in enumerate(answers):
        choice = next(c for c in table.choices(question) if c.value == value)
        if choice.route is not None:
            assert n == len(answers) - 1, f"{answers}: landed early on {choice.route}"
            return choice.route
        assert choice.next is not None
        question = choice.next
    raise AssertionError(f"{answers}: still asking {question}")


@pytest.mark.parametrize(("answers", "route", "within", "phone", "basis"), ROWS)
def test_the_answers_land_on_the_right_body(
    answers: tuple[str, ...], route: str, within: bool, phone: str | None, basis: str
) -> None:
    assert walk(answers) == route
    found = routing_table().route(route)
    assert (found.within, found.phone) == (within, phone)
    assert basis in found.basis


def test_work_injury_and_social_insurance_are_not_sent_to_arbitration() -> None:
    catalog = default_catalog()
    for route in ("work_injury_recognition", "social_insurance_arrears"):
        body = catalog.text("zh-Hans", f"routing.route.{route}.body")
        assert "仲裁" not in body
        assert "不走劳动仲裁" in catalog.text("zh-Hans", f"routing.route.{route}.note") or (
            "不是劳动仲裁" in catalog.text("zh-Hans", f"routing.route.{route}.note")
        )


def test_every_route_is_in_the_table() -> None:
    assert {row[1] for row in ROWS} | {
        "women",
        "youth",
        "disabled",
        "legal_aid",
        "judicial_relief",
        "non_prosecution",
        "police_no_case",
        "criminal_judgment",
        "criminal_appeal",
        "procuratorate_general",
    } == set(routing_table().routes)


def test_the_elderly_route_offers_the_pre_screen_from_the_complaint_flow() -> None:
    t = Transcript()
    t.run(Step(say="/start"), Step(tap="go:complaint"))
    # Whatever comes before the screening (kind, consent …), tap through to the first question.
    for _ in range(6):
        if t.replies and t.replies[-1].ask == "route.topic":
            break
        payloads = [b.payload for b in t.replies[-1].buttons]
        t.send(Inbound(button=payloads[0]))
    t.run(
        Step(tap="civil", ask="route.civil"),
        Step(
            tap="elderly",
            ask="route_elsewhere",
            expect=("人民调解委员会", "12348", "《老年人权益保障法》第七十五条"),
            buttons=("submit_anyway", "go:eligibility", "call:12348"),
        ),
    )
