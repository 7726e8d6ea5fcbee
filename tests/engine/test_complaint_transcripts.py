"""The complaint intake as transcript tables against the pure engine (no database).

Consent comes before any personal story; what happened is asked in everyday categories and
the bot files it as 控告/申诉/举报/意见建议 itself; declining consent offers the anonymous route.
"""

from __future__ import annotations

from dialogs.types import Attachment, Inbound
from tests.engine.transcript import Step, Transcript

EDITS = tuple(f"edit:{f}" for f in ("route", "facts", "request", "earlier", "contact"))
OPENED = {
    "tracking_no": "C26112304719",
    "procedural_due": "2026-11-30",
    "result_due": "2027-02-23",
    "provisional": False,
    "anonymous": False,
    "ack_days": 7,
    "ack_mode": "calendar",
    "answer_months": 3,
}


def start() -> Transcript:
    """The menu, 投诉/信访, and 同意 to the notice: at the first everyday question."""
    t = Transcript()
    t.run(
        Step(say="/start", ask="menu"),
        Step(tap="go:complaint", ask="consent", expect=("在您说事情经过之前",)),
        Step(tap="yes", ask="route.topic"),
    )
    return t


def facts_to_summary(t: Transcript, *, anonymous: bool = False) -> None:
    """From the facts question to the summary, with buttons."""
    t.run(
        Step(say="去年3月到10月在工地干活，老板一直没给工资。", ask="facts", buttons=("done",)),
        Step(say="一共欠了两万三千元，有欠条。", ask="facts"),
        Step(tap="done", ask="request"),
        Step(say="希望帮我要回工钱", ask="earlier_handled", buttons=("yes", "no", "skip")),
        Step(tap="no", ask="anonymous", buttons=("named", "anonymous")),
    )
    if anonymous:
        t.run(Step(tap="anonymous", expect=("不会答复",), ask="confirm"))
    else:
        t.run(
            Step(tap="named", ask="name"),
            Step(say="王小明", ask="phone"),
            Step(say="138 0013 8000", ask="confirm", buttons=("confirm", *EDITS)),
        )


def confirm(t: Transcript) -> dict[str, object]:
    """Tap 确认提交 and return the open_complaint effect's data."""
    turn = t.send(Inbound(button="confirm"))
    assert [e.name for e in turn.effects] == ["open_complaint"]
    return turn.effects[0].data


def test_consent_comes_before_any_personal_story() -> None:
    t = Transcript()
    t.run(Step(say="/start"))
    turn = t.send(Inbound(button="go:complaint"))
    assert turn.replies[-1].ask == "consent"
    assert not any("请说说事情经过" in r.text for r in turn.replies)
    assert [b.payload for b in turn.replies[-1].buttons] == ["yes", "no", "/person"]
    t.run(Step(tap="yes", ask="route.topic"))
    assert t.state["consent"] is True
    # Once given, consent is not asked again in this conversation.
    t.run(Step(say="菜单"), Step(tap="go:complaint", ask="route.topic"))


def test_what_happened_is_asked_in_everyday_words_and_numbered() -> None:
    t = start()
    question = t.replies[-1]
    assert question.text.startswith("出了什么事")
    labels = [b.label for b in question.buttons]
    assert "拖欠工资、劳动纠纷" in labels and "对检察院的工作提意见、建议" in labels
    assert not {"控告", "申诉", "举报"} & set(labels)  # no legal categories to choose from
    numbered = [b for b in question.buttons if b.number is not None]
    assert [b.number for b in numbered] == list(range(1, len(numbered) + 1))
    assert numbered[-1].payload == "other" and numbered[-2].payload == "suggestion"
    assert question.buttons[-1].payload == "/back"


def test_the_bot_files_the_legal_kind_itself() -> None:
    cases = {
        ("judgment", "civil", "after_retrial"): "appeal",
        ("case_handling", "police_no_case"): "accusation",
        ("case_handling", "non_prosecution"): "appeal",
        ("help", "support"): "other",
        ("suggestion",): "suggestion",
        ("other",): "other",
    }
    for taps, kind in cases.items():
        t = start()
        t.run(*(Step(tap=tap) for tap in taps))
        assert t.state["step"] == "facts", taps
        facts_to_summary(t, anonymous=True)
        assert confirm(t)["kind"] == kind, taps


def test_a_matter_for_the_procuratorate_gets_a_tracking_number_and_dates() -> None:
    t = start()
    t.run(
        Step(tap="judgment", ask="route.judgment"),
        Step(tap="civil", ask="route.civil_stage"),
        Step(tap="after_retrial", expect=("属于检察院受理", "2年内"), ask="facts"),
    )
    facts_to_summary(t)
    summary = t.replies[-1].text
    assert "检察院（民事、行政诉讼监督）" in summary and "登记为：申诉" in summary
    assert "事情：对法院的判决、裁定不服" in summary
    assert "王小明" in summary and "13800138000" in summary
    data = confirm(t)
    assert data["route"] == "civil_after_retrial" and data["within"] is True
    assert data["kind"] == "appeal" and data["category"] == "judgment"
    assert data["phone"] == "13800138000" and data["contact_name"] == "王小明"
    assert "两万三千元" in str(data["facts"]) and data["anonymous"] is False
    t.run(
        Step(
            event=("complaint.opened", OPENED),
            expect=(
                "已收到您的申诉，受理编号：C26112304719",
                "7日内，即2026年11月30日前",
                "3个月内，即2027年2月23日前",
                "手机号后四位",
            ),
            buttons=("go:status", "/menu"),
        )
    )
    confirmation = t.replies[-1]
    assert confirmation.tracking_no == "C26112304719"
    assert confirmation.extra["procedural_reply_due"] == "2026-11-30"
    assert t.state["flow"] == "menu" and t.state["data"] == {}


def test_every_kind_is_worded_for_what_it_is() -> None:
    t = start()
    t.run(Step(tap="other", ask="facts"))
    facts_to_summary(t)
    confirm(t)
    t.run(Step(event=("complaint.opened", OPENED), expect=("已收到您反映的事项，受理编号",)))
    assert "您的其他" not in t.replies[-1].text


def test_declining_consent_offers_the_anonymous_route_and_says_what_it_means() -> None:
    t = Transcript()
    t.run(
        Step(tap="go:complaint", ask="consent"),
        Step(
            tap="no",
            expect=("匿名反映", "没办法答复您", "不能查询进度", "不要在事情经过里写您的姓名"),
            buttons=("anonymous", "yes", "/person", "/menu"),
            effects=(),
        ),
        Step(tap="anonymous", expect=("匿名",), ask="route.topic"),
        Step(tap="other", ask="facts"),
        Step(say="镇上的垃圾站臭了半年没人管", ask="facts"),
        Step(tap="done", ask="request"),
        Step(say="请督促处理", ask="earlier_handled"),
        # Anonymous since the notice: no contact question, straight to the summary.
        Step(tap="no", ask="confirm", expect=("匿名（不答复）",)),
    )
    data = confirm(t)
    assert data["anonymous"] is True and data["contact_name"] is None and data["phone"] is None
    assert t.state.get("consent") is None


def test_declining_then_agreeing_goes_on_with_a_name() -> None:
    t = Transcript()
    t.run(
        Step(tap="go:complaint"),
        Step(say="不同意", expect=("匿名反映",), ask="consent"),
        Step(tap="yes", ask="route.topic"),
    )
    assert t.state["consent"] is True


def test_a_typed_name_and_phone_are_taken_where_they_are_asked() -> None:
    t = start()
    t.run(
        Step(tap="other"),
        Step(say="情况是这样的"),
        Step(tap="done"),
        Step(say="请处理"),
        Step(tap="no", ask="anonymous", expect=("请留下姓名和电话",)),
        # The 留下姓名电话 finding: typing the name and phone answers the question.
        Step(say="王小明，电话 138 0013 8000", ask="confirm", expect=("王小明", "13800138000")),
        Step(tap="edit:contact", ask="anonymous"),
        Step(say="我叫李秀兰", ask="phone"),
        Step(say="13900139000", ask="confirm", expect=("李秀兰", "13900139000")),
        Step(tap="edit:contact", ask="anonymous"),
        Step(say="13700137000", ask="name"),
        Step(say="赵六", ask="confirm", expect=("赵六", "13700137000")),
        Step(tap="edit:contact", ask="anonymous"),
        Step(say="为什么要留电话？", expect=("是为了告诉您",), ask="anonymous"),
    )


def test_a_typed_account_of_earlier_handling_is_taken() -> None:
    t = start()
    t.run(
        Step(tap="other"),
        Step(say="情况是这样的"),
        Step(tap="done"),
        Step(say="请处理", ask="earlier_handled"),
        Step(say="今年6月找过劳动监察大队，说让等", ask="anonymous"),
        Step(tap="anonymous", ask="confirm", expect=("劳动监察大队",)),
    )


def test_an_old_confirm_after_submission_says_the_step_has_passed() -> None:
    t = start()
    t.run(Step(tap="other"))
    facts_to_summary(t)
    confirm(t)
    t.run(
        Step(event=("complaint.opened", OPENED)),
        Step(
            tap="confirm",
            expect=("这一步已经过去了",),
            buttons=("go:status", "/menu"),
            effects=(),
        ),
    )
    assert "没看懂" not in t.replies[-1].text


def test_the_summary_has_one_primary_action() -> None:
    t = start()
    t.run(Step(tap="other"))
    facts_to_summary(t)
    buttons = t.replies[-1].buttons
    primary = [b.payload for b in buttons if not b.secondary]
    assert primary == ["confirm", "/person"]
    assert {b.payload for b in buttons if b.secondary} == set(EDITS)


def test_routed_elsewhere_shows_the_body_and_may_still_be_submitted() -> None:
    t = start()
    t.run(
        Step(tap="work", ask="route.work"),
        Step(
            tap="wages",
            expect=("劳动保障监察", "12333", "需要准备", "第十条", "仍然在这里提交"),
            ask="route_elsewhere",
            buttons=("submit_anyway", "/menu", "/person", "call:12333"),
        ),
        Step(tap="submit_anyway", ask="facts"),
    )
    facts_to_summary(t)
    assert "由检察院转交" in t.replies[-1].text
    data = confirm(t)
    assert data["route"] == "wage_arrears" and data["within"] is False


def test_elsewhere_menu_leaves_without_submitting() -> None:
    t = start()
    t.run(
        Step(tap="officials", expect=("12388", "纪检监察"), ask="route_elsewhere"),
        Step(say="主菜单", ask="menu"),
    )
    assert t.state["flow"] == "menu"


def test_anonymous_is_told_there_is_no_reply_and_has_no_contact() -> None:
    t = start()
    t.run(Step(tap="other", ask="facts"))
    facts_to_summary(t, anonymous=True)
    assert "匿名（不答复）" in t.replies[-1].text
    data = confirm(t)
    assert data["anonymous"] is True and data["phone"] is None and data["contact_name"] is None
    anonymous = {**OPENED, "anonymous": True, "procedural_due": None, "result_due": None}
    t.run(Step(event=("complaint.opened", anonymous), expect=("C26112304719", "匿名事项")))
    assert "7日内" not in t.replies[-1].text


def test_a_danger_word_mid_flow_gets_the_numbers_then_the_intake_continues() -> None:
    t = start()
    t.run(
        Step(tap="case_handling"),
        Step(tap="police_no_case", ask="facts"),
        Step(
            say="我报案后派出所不立案，他现在正在打我",
            expect=("110", "120", "12338", "收到。还有要补充的"),
            ask="facts",
            effects=("flag_urgent",),
        ),
        Step(tap="done", ask="request"),
    )
    assert t.state["urgent"] is True
    assert "正在打我" in t.state["data"]["facts"][0]
    t.run(
        Step(say="请监督公安立案", ask="earlier_handled"),
        Step(tap="skip", ask="anonymous"),
        Step(tap="anonymous", ask="confirm"),
    )
    assert confirm(t)["urgent"] is True
    t.run(Step(event=("complaint.opened", {**OPENED, "urgent": True}), expect=("紧急",)))


def test_typed_answers_work_instead_of_buttons() -> None:
    t = Transcript()
    t.run(
        Step(say="投诉", ask="consent"),
        Step(say="同意", ask="route.topic"),
        Step(say="１", ask="route.work"),
        Step(say="欠薪", ask="route_elsewhere"),
        Step(say="仍然提交", ask="facts"),
        Step(say="老板欠我三个月工资，我要投诉他", ask="facts"),  # a story, not a new request
        Step(say="写完了", ask="request"),
        Step(say="要回工资", ask="earlier_handled"),
        Step(say="反映过", ask="earlier_detail"),
        Step(say="今年6月找过劳动监察大队，说让等", ask="anonymous"),
        Step(say="留下", ask="name"),
        Step(say="李四", ask="phone"),
        Step(say="+86 139-0013-9000", ask="confirm"),
        Step(say="改诉求", ask="request"),
        Step(say="要回工资和赔偿", ask="confirm", expect=("要回工资和赔偿",)),
        Step(say="确认提交", effects=("open_complaint",)),
    )
    assert t.state["data"]["facts"][0] == "老板欠我三个月工资，我要投诉他"


def test_the_citizens_words_are_kept_as_typed() -> None:
    t = start()
    t.run(Step(tap="other"), Step(say="老板说：“下个月给”，结果到现在（三个月）都没给！"))
    assert t.state["data"]["facts"] == ["老板说：“下个月给”，结果到现在（三个月）都没给！"]


def test_back_and_changing_answers_on_the_summary() -> None:
    t = start()
    t.run(
        Step(tap="judgment", ask="route.judgment"),
        Step(say="返回", ask="route.topic"),
        Step(tap="consumer", expect=("12315",), ask="route_elsewhere"),
        Step(say="返回", ask="route.topic"),
        Step(tap="help", ask="route.help"),
        Step(tap="support", expect=("预审",), buttons=("go:eligibility",), ask="facts"),
        Step(say="邻居借钱不还", ask="facts"),
        Step(tap="done", ask="request"),
        Step(say="返回", ask="facts"),
        Step(tap="done", ask="request"),
        Step(say="帮我起诉", ask="earlier_handled"),
        Step(tap="no", ask="anonymous"),
        Step(tap="named", ask="name"),
        Step(say="赵六", ask="phone"),
        Step(say="返回", ask="name"),
        Step(say="赵老六", ask="phone"),
        Step(say="13700137000", ask="confirm", expect=("赵老六",)),
        Step(tap="edit:facts", expect=("替换",), ask="facts"),
        Step(say="邻居借了五万元三年不还", ask="facts"),
        Step(tap="done", ask="confirm", expect=("五万元",)),
        Step(tap="edit:earlier", ask="earlier_handled"),
        Step(tap="yes", ask="earlier_detail"),
        Step(say="去年找过村委会调解", ask="confirm", expect=("村委会",)),
        Step(tap="edit:contact", ask="anonymous"),
        Step(tap="anonymous", ask="confirm", expect=("匿名",)),
        Step(tap="edit:route", ask="route.topic"),
        Step(tap="case_handling", ask="route.case_handling"),
        Step(tap="misconduct", ask="confirm", expect=("登记为：控告",)),
    )
    data = confirm(t)
    assert data["kind"] == "accusation" and data["route"] == "judicial_misconduct"
    assert data["facts"] == "邻居借了五万元三年不还" and data["anonymous"] is True


def test_nothing_is_submitted_without_confirmation() -> None:
    t = start()
    t.run(Step(tap="suggestion", ask="facts"))
    facts_to_summary(t)
    t.run(
        Step(say="我再想想", expect=("还没有提交",), ask="confirm", effects=()),
        Step(say="好的", expect=("还没有提交",), ask="confirm", effects=()),
        Step(tap="done", expect=("这一步已经过去了",), buttons=("confirm",), effects=()),
        Step(say="取消", expect=("没有提交",), ask="menu", effects=()),
    )
    t.run(Step(tap="confirm", expect=("这一步已经过去了",), effects=()))


def test_a_wrong_phone_is_asked_again() -> None:
    t = start()
    t.run(Step(tap="suggestion"))
    t.run(
        Step(say="建议延长接待时间"),
        Step(tap="done"),
        Step(say="周六也开门"),
        Step(tap="skip"),
        Step(tap="named"),
        Step(say="陈七", ask="phone"),
        Step(say="12345", expect=("格式不对",), ask="phone", buttons=("anonymous",)),
        Step(say="1380013800", expect=("格式不对",), ask="phone"),
        Step(say="电话是多少", expect=("格式不对",), ask="phone"),
        Step(say="010-6512 3456", ask="confirm", expect=("010-65123456",)),
    )


def test_files_and_voice_notes_are_kept_with_the_facts() -> None:
    t = start()
    t.run(Step(tap="suggestion", ask="facts"))
    photo = t.send(Inbound(attachments=(Attachment("a1", "photo", "欠条.jpg"),)))
    assert "收到您的文件" in photo.replies[0].text
    voice = t.send(Inbound(attachments=(Attachment("a2", "voice"),)))
    assert "工作人员会听取" in voice.replies[0].text
    facts_to_summary(t)
    assert "2个文件（含语音" in t.replies[-1].text
    data = confirm(t)
    assert data["attachments"] == ["a1", "a2"] and data["needs_listening"] is True


def test_a_repeat_shows_the_existing_number() -> None:
    t = start()
    t.run(Step(tap="suggestion"))
    facts_to_summary(t)
    confirm(t)
    t.run(
        Step(
            event=("complaint.repeat", {"tracking_no": "C26110100001"}),
            expect=("30天内", "C26110100001", "补充到那件事项"),
        )
    )
    assert t.replies[-1].tracking_no == "C26110100001"


def test_english_dates_and_texts() -> None:
    t = Transcript()
    t.state["lang"] = "en"
    t.run(
        Step(tap="go:complaint", ask="consent", expect=("Before you tell us",)),
        Step(tap="yes", ask="route.topic", expect=("What happened?",)),
        Step(tap="suggestion", ask="facts"),
    )
    facts_to_summary(t)
    confirm(t)
    t.run(
        Step(
            event=("complaint.opened", OPENED),
            expect=(
                "We have received your suggestion",
                "Within 7 days, that is by 30 November 2026",
                "by 23 February 2027",
            ),
        )
    )
