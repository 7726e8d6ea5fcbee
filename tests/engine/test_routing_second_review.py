"""Routes corrected by the second legal review (issue 16): domestic violence, a crime with a
civil claim, the one-year labour period, and the 包工头 chain of liability for wages."""

from __future__ import annotations

import pytest

from dialogs.catalog import default_catalog
from dialogs.routing import routing_table

# (route, a piece of the legal basis, pieces of the zh-Hans note, a piece of the en note)
ROWS = [
    (
        "women",
        "《反家庭暴力法》第二十三条",
        ("人身安全保护令", "72小时", "24小时", "110"),
        "protection order",
    ),
    ("crime_now", "第一百零一条", ("附带民事诉讼", "劳动仲裁"), "ancillary civil action"),
    (
        "employment_dispute",
        "在职期间不受限制",
        ("离开之日起一年", "重新计算"),
        "within one year of leaving",
    ),
    (
        "wage_arrears",
        "第三十条",
        ("施工总承包单位", "建设单位", "工资照样可以要"),
        "general contractor",
    ),
]


@pytest.mark.parametrize(("route", "basis", "notes", "english"), ROWS, ids=[r[0] for r in ROWS])
def test_the_route_says_what_the_review_asked(
    route: str, basis: str, notes: tuple[str, ...], english: str
) -> None:
    assert basis in routing_table().route(route).basis
    catalog = default_catalog()
    note = catalog.text("zh-Hans", f"routing.route.{route}.note")
    for piece in notes:
        assert piece in note, piece
    assert english in catalog.text("en", f"routing.route.{route}.note")
    assert catalog.text("zh-Hant", f"routing.route.{route}.note")
