"""The 支持起诉申请书, read back from the .docx with python-docx: layout, parties, request, prose.

Built from in-memory matters (no database): a group of migrant workers against a company and
its foreman, a mother applying for her child's support, an elderly father, a parent's refund.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from backend.db.models import Matter
from backend.services.letter import build_letter
from backend.services.letter_text import person_from_id

RECEIVED = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ID_MAN = "110105198001010016"  # a valid GB 11643 number; 17th digit odd: male


def matter(
    facts: dict[str, Any], answers: dict[str, Any], letter: dict[str, Any], **kw: Any
) -> Matter:
    details = {"facts": facts, "answers": answers, "letter": letter, "files": kw.pop("files", [])}
    values: dict[str, Any] = {
        "kind": "application",
        "tracking_no": "A26112300007",
        "contact_name": "张三",
        "contact_phone": "13800138000",
        "id_number": ID_MAN,
        "received_at": RECEIVED,
        "details": details,
    }
    values.update(kw)
    return Matter(**values)


def close(a: Any, b: Any) -> bool:
    """Equal to a hundredth of a centimetre (Word stores lengths in twips)."""
    return abs(int(a) - int(b)) < Cm(0.01)


def read(m: Matter) -> tuple[Any, list[str]]:
    document = Document(io.BytesIO(build_letter(m)))
    return document, [p.text for p in document.paragraphs]


WORKERS = matter(
    {
        "matter": "wages",
        "applicant_group": "migrant_worker",
        "relationship": "employment",
        "arbitration": "none",
        "has_iou": "yes",
        "other_remedies_tried": "yes",
        "urgent": "no",
        "still_employed": "no",
        "months_since_left": 3,
        "months_since_due": 5,
        "many_claimants": "yes",
    },
    {"respondent": "某某建筑劳务有限公司、李包工", "amount": "23000", "people": 4},
    {
        "party": None,
        "address": "河南省周口市川汇区人民路8号",
        "respondents": [
            {"kind": "company", "who": "某某建筑劳务有限公司", "legal_rep": "王五"},
            {"kind": "person", "who": "李包工", "legal_rep": ""},
        ],
        "amount_period": "total",
        "amount_basis": "干了5个月，每月5000元，只给了2000元",
        "place": "城南花园项目工地",
        "history": "",
        "co_claimant_names": ["李四", "王小五", "赵六"],
    },
    files=[{"kind": "photo", "name": "欠条.jpg"}, {"kind": "document", "name": "考勤表.xlsx"}],
)


def test_a4_with_official_margins_and_a_centred_title() -> None:
    document, lines = read(WORKERS)
    section = document.sections[0]
    assert close(section.page_width, Cm(21.0)) and close(section.page_height, Cm(29.7))
    assert close(section.top_margin, Cm(3.7)) and close(section.left_margin, Cm(2.8))
    assert lines[0] == "支持起诉申请书"
    assert document.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_applicant_carries_sex_birth_ethnicity_address_from_the_id_number() -> None:
    _, lines = read(WORKERS)
    assert lines[1] == (
        "申请人：张三，男，1980年1月1日出生，民族：________，住址：河南省周口市川汇区人民路8号，"
        f"公民身份号码：{ID_MAN}，联系电话：13800138000。"
    )
    assert person_from_id("11010519491231002X") == ("女", "1949年12月31日")


def test_several_respondents_company_and_person() -> None:
    _, lines = read(WORKERS)
    assert lines[2].startswith("被申请人：某某建筑劳务有限公司，统一社会信用代码：____")
    assert "法定代表人：王五" in lines[2]
    assert lines[3].startswith("被申请人：李包工，性别：________")


def test_the_request_names_the_case_type_and_the_sum() -> None:
    _, lines = read(WORKERS)
    assert lines[4] == "申请事项："
    assert lines[5] == (
        "请求人民检察院支持申请人就追索劳动报酬纠纷向人民法院提起民事诉讼，"
        "请求判令被申请人支付拖欠的劳动报酬人民币23000元。"
    )


def test_facts_and_reasons_are_written_prose_with_the_legal_basis() -> None:
    _, lines = read(WORKERS)
    start = lines.index("事实与理由：")
    prose = "".join(lines[start + 1 : lines.index("此致")])
    for fragment in (
        "申请人在城南花园项目工地为被申请人某某建筑劳务有限公司、李包工提供劳动。",
        "被申请人曾向申请人出具欠条",
        "人民币23000元（干了5个月，每月5000元，只给了2000元）",
        "该款项自约2026年6月起应付",
        "申请人已于约2026年8月离开该工作",
        "申请人曾向有关部门、组织反映，至今未能解决",
        "本次共有4名情况相同的申请人一并提出申请",
        "《中华人民共和国劳动法》第五十条、《保障农民工工资支付条例》第三条",
        "申请人系进城务工人员",
        "《中华人民共和国民事诉讼法》第十五条",
    ):
        assert fragment in prose, fragment
    # Not the interview's questions and answers, and not the bot speaking to "you".
    assert "您" not in prose and "？" not in prose and "?" not in prose
    assert not re.search(r"(什么事|过了多久|请律师了吗)：", prose)


def test_closing_annex_signature_and_date() -> None:
    document, lines = read(WORKERS)
    tail = lines[lines.index("此致") :]
    assert tail[1] == "____________人民检察院"
    assert tail[2] == "附："
    assert tail[3] == "1. 证据材料 2 份：照片（欠条.jpg）；文件（考勤表.xlsx）"
    assert tail[4] == "2. 申请人身份证复印件 1 份"
    assert tail[5] == "3. 共同申请人名单（共 4 人）：李四、王小五、赵六"
    assert tail[6] == "申请人（签名或捺印）：____________"
    assert tail[7] == "2026年11月23日"
    signature = document.paragraphs[lines.index(tail[6])]
    assert signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "A26112300007" in tail[8] and "草稿" in tail[8]


def test_a_mother_applies_for_her_child_as_legal_representative_monthly_support() -> None:
    child = matter(
        {"matter": "maintenance", "applicant_group": "minor_or_guardian", "months_since_due": 8},
        {"respondent": "李强", "amount": "1500", "people": None},
        {
            "party": {"kind": "minor", "name": "李小花", "id_number": "", "relation": "mother"},
            "address": "",
            "respondents": [{"kind": "person", "who": "李强", "legal_rep": ""}],
            "amount_period": "month",
            "amount_basis": "",
            "place": "",
            "history": "",
            "co_claimant_names": [],
        },
        contact_name="王芳",
        id_number=None,
    )
    _, lines = read(child)
    assert lines[1].startswith("申请人：李小花，________，____________________出生，民族：________")
    assert lines[2].startswith("法定代理人：王芳，系申请人之母亲")
    assert "就抚养费纠纷" in lines[5] and "自起诉之日起每月支付抚养费人民币1500元" in lines[5]
    assert any("《中华人民共和国未成年人保护法》第一百零六条" in line for line in lines)
    assert "法定代理人（签名或捺印）：____________" in lines
    assert "1. 证据材料：____________（请列明）" in lines  # no file uploaded: a line to fill


@pytest.mark.parametrize(
    ("facts", "cause", "claim"),
    [
        (
            {"matter": "maintenance", "applicant_group": "elderly"},
            "赡养纠纷",
            "每月支付赡养费人民币800元",
        ),
        (
            {"matter": "training_refund", "applicant_group": "minor_or_guardian"},
            "教育培训合同纠纷",
            "退还培训费人民币800元",
        ),
        (
            {"matter": "wages", "applicant_group": "elderly", "relationship": "labour_service"},
            "劳务合同纠纷",
            "支付劳务报酬人民币800元",
        ),
        (
            {"matter": "injury", "applicant_group": "migrant_worker", "at_work": "yes"},
            "工伤保险待遇纠纷",
            "支付工伤保险待遇人民币800元",
        ),
        (
            {"matter": "injury", "applicant_group": "disabled", "at_work": "no"},
            "生命权、身体权、健康权纠纷",
            "赔偿医疗费、误工费等各项损失共计人民币800元",
        ),
    ],
)
def test_each_matter_has_its_case_type_and_form_of_money(
    facts: dict[str, Any], cause: str, claim: str
) -> None:
    _, lines = read(matter(facts, {"amount": "800"}, {"respondents": []}))
    request = lines[lines.index("申请事项：") + 1]
    assert f"就{cause}向人民法院" in request and claim in request


def test_an_old_application_without_letter_fields_still_reads() -> None:
    old = Matter(
        kind="application",
        tracking_no="A26112300001",
        contact_name=None,
        contact_phone=None,
        id_number=None,
        received_at=RECEIVED,
        details={"facts": {"matter": "wages"}, "answers": {"respondent": "某某公司"}},
    )
    _, lines = read(old)
    assert lines[2] == "被申请人：某某公司，住所地（住址）：____________________。"
    assert "请求判令被申请人支付拖欠的劳动报酬人民币________元" in lines[4]
