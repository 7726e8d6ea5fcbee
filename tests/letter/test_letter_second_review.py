"""The letter after the second legal review (issue 16): no 工伤认定 the citizen did not report,
and wages claimed from a foreman with the contractor cite the regulation that binds them."""

from __future__ import annotations

from typing import Any

from tests.letter.test_letter_content import WORKERS, matter, read

INJURED: dict[str, Any] = {"matter": "injury", "applicant_group": "migrant_worker"}
INJURED |= {"at_work": "yes", "months_since_injury": 4}
COMPANY = {"respondents": [{"kind": "company", "who": "某某建设有限公司", "legal_rep": ""}]}


def reasons(lines: list[str]) -> str:
    start = lines.index("事实与理由：")
    return "".join(lines[start + 1 : lines.index("此致")])


def test_an_unrecognised_work_injury_is_not_called_recognised() -> None:
    _, lines = read(matter({**INJURED, "injury_recognised": "no"}, {"amount": "9000"}, COMPANY))
    text = reasons(lines)
    assert "已被认定为工伤" not in text
    assert "尚未作出工伤认定" in text and "某某建设有限公司" in text


def test_a_recognised_work_injury_cites_the_employers_own_liability() -> None:
    _, lines = read(matter({**INJURED, "injury_recognised": "yes"}, {"amount": "9000"}, COMPANY))
    text = reasons(lines)
    assert "已被认定为工伤" in text
    assert "第六十二条第二款" in text  # an uninsured employer pays the benefits itself
    assert "年" in text.split("受到事故伤害")[0]  # the month of the injury is stated


def test_foreman_and_contractor_together_cite_the_wage_regulation() -> None:
    _, lines = read(WORKERS)
    assert "《保障农民工工资支付条例》第二十九条、第三十条、第三十六条" in reasons(lines)
    alone = matter(
        {"matter": "wages", "applicant_group": "migrant_worker", "relationship": "employment"},
        {"amount": "800"},
        COMPANY,
    )
    assert "第三十六条" not in reasons(read(alone)[1])
