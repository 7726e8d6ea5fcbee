"""Transcripts of the public-interest lead flow ("随手拍") against the pure engine.

The backend's answer (the tracking number) is fed back as the event ``submit_lead`` returns.
"""

from __future__ import annotations

import pytest

from dialogs.conversation import new_state
from dialogs.types import Attachment, Inbound, Location
from tests.engine.transcript import Step, Transcript

RECEIVED = {"tracking_no": "L26112300042", "anonymous": False}


def started() -> Transcript:
    t = Transcript()
    t.run(Step(say="你好"))
    return t


def test_the_menu_offers_leads_and_says_a_lead_is_not_a_complaint() -> None:
    t = started()
    t.run(Step(tap="/menu", buttons=("go:lead",)))
    t.run(
        Step(
            tap="go:lead",
            ask="lead_category",
            expect=("不同于投诉", "7日内回复、3个月内答复", "采纳或立案"),
            buttons=("ecology", "food_drug", "state_assets", "heritage", "heroes", "minors"),
        )
    )
    assert "go:complaint" in {b.payload for b in t.replies[-1].buttons}


def test_a_pollution_lead_with_photos_and_a_phone() -> None:
    t = started()
    t.run(
        Step(tap="go:lead", ask="lead_category"),
        Step(say="1", ask="what"),
        Step(say="村东头的造纸厂晚上往河里排黑水，鱼都死了", ask="where"),
        Step(say="青山县河口镇东村，造纸厂后面的小河", ask="since"),
        Step(say="去年夏天", ask="regulator"),
        Step(tap="no_action", ask="evidence", buttons=("none",)),
    )
    photos = (Attachment("f1", "photo", "a.jpg"), Attachment("f2", "photo", "b.jpg"))
    t.send(Inbound(attachments=photos))
    assert "收到 2 个文件" in t.replies[-1].text
    assert "done" in {b.payload for b in t.replies[-1].buttons}
    t.run(
        Step(tap="done", ask="contact"),
        Step(tap="named", ask="consent"),
        Step(tap="yes", ask="phone"),
        Step(say="王小明 13800138000", ask="confirm"),
    )
    summary = t.replies[-1].text
    for fragment in (
        "污染环境",
        "造纸厂",
        "青山县河口镇东村",
        "去年夏天",
        "没人管",
        "2 个",
        "13800138000",
    ):
        assert fragment in summary, fragment
    turn = t.send(Inbound(button="confirm"))
    (effect,) = turn.effects
    assert effect.name == "submit_lead"
    assert effect.data["category"] == "ecology"
    assert "民事诉讼法第58条" in effect.data["basis"]
    assert effect.data["attachments"] == ["f1", "f2"]
    assert effect.data["anonymous"] is False and effect.data["phone"] == "13800138000"
    t.run(Step(event=("lead.received", RECEIVED), expect=("L26112300042", "谢谢")))
    assert t.replies[-1].tracking_no == "L26112300042"
    assert t.state["flow"] == "menu"


def test_a_short_report_naming_the_harm_is_what_was_seen_a_bare_request_is_not() -> None:
    t = started()
    t.run(Step(say="河边工厂偷排污水", expect=("记下了",), ask="lead_category"))
    t.run(Step(tap="ecology", ask="where"))
    assert t.state["data"]["what"] == "河边工厂偷排污水"
    t = started()
    t.run(Step(say="我要提供公益诉讼线索", ask="lead_category"))
    t.run(Step(tap="ecology", ask="what"))


def test_typed_words_open_the_flow_and_are_kept_as_what_was_seen() -> None:
    t = started()
    t.run(Step(say="河边那个工厂天天偷排污水，河水都臭了", ask="lead_category"))
    assert t.state["flow"] == "lead"
    t.run(Step(tap="ecology", ask="where"))
    assert t.state["data"]["what"].startswith("河边那个工厂")


def test_a_shared_location_is_the_place_and_anonymous_is_allowed() -> None:
    t = started()
    t.run(
        Step(tap="go:lead"),
        Step(tap="food_drug", ask="what"),
        Step(say="学校门口的小卖部卖过期辣条", ask="where"),
    )
    t.send(Inbound(location=Location(31.2304, 121.4737)))
    assert "31.23040, 121.47370" in t.replies[0].text
    assert t.replies[-1].ask == "since"
    t.run(
        Step(tap="days", ask="regulator"),
        Step(tap="not_reported", ask="evidence"),
        Step(tap="none", ask="contact"),
        Step(tap="anonymous", ask="confirm", expect=("匿名",)),
    )
    turn = t.send(Inbound(button="confirm"))
    data = turn.effects[0].data
    assert data["anonymous"] is True and data["phone"] is None
    assert data["location"] == {"lat": 31.2304, "lon": 121.4737}
    assert "31.23040" in data["place"]
    t.run(
        Step(
            event=("lead.received", {"tracking_no": "L26112300043", "anonymous": True}),
            expect=("L26112300043", "匿名"),
        )
    )


def test_declining_consent_keeps_the_lead_anonymous() -> None:
    t = started()
    t.run(
        Step(tap="go:lead"),
        Step(tap="heritage"),
        Step(say="古城墙被人拆了砖去盖猪圈"),
        Step(say="老城北门"),
        Step(tap="unsure"),
        Step(tap="unsure"),
        Step(tap="none"),
        Step(tap="named", ask="consent"),
        Step(tap="no", ask="confirm", expect=("匿名",)),
    )


def test_a_location_outside_the_flow_offers_a_lead() -> None:
    t = started()
    t.send(Inbound(location=Location(30.0, 120.0)))
    assert "go:lead" in {b.payload for b in t.replies[-1].buttons}


def test_every_step_in_english() -> None:
    t = Transcript(state=new_state("en"))
    t.run(Step(say="hello"), Step(tap="go:lead", expect=("not a complaint",), ask="lead_category"))
    t.run(
        Step(tap="minors", ask="what"),
        Step(say="The internet cafe lets children in all night", ask="where"),
        Step(say="Main street", ask="since"),
        Step(tap="month", ask="regulator"),
        Step(tap="handling", ask="evidence"),
        Step(tap="none", ask="contact"),
        Step(tap="anonymous", ask="confirm", expect=("Anonymous", "Main street")),
    )


def test_a_lead_in_查询进度_says_it_has_no_complaint_clock() -> None:
    lead = {
        "tracking_no": "L26112300042",
        "kind": "lead",
        "status": "adopted",
        "open": True,
        "anonymous": True,
        "received_on": "2026-11-23",
        "next_due": None,
        "events": [{"kind": "received", "on": "2026-11-23"}],
    }
    t = Transcript()
    t.run(Step(say="/start"), Step(tap="go:status", effects=("lookup_my_matters",)))
    t.run(
        Step(
            event=("status.list", {"matters": [lead]}),
            expect=("L26112300042", "公益诉讼线索", "线索已被采纳", "不按投诉的期限答复"),
        )
    )
    assert "匿名事项不答复" not in t.replies[-1].text


@pytest.mark.parametrize(
    "said",
    [
        "小区旁边有人偷偷烧垃圾，烟很大",
        "网吧天天让小学生进去上网",
        "超市卖过期牛奶",
        "古庙被人拆了",
    ],
)
def test_everyday_reports_of_each_field_open_the_lead_flow(said: str) -> None:
    t = started()
    t.run(Step(say=said, ask="lead_category"))
    assert t.state["flow"] == "lead" and t.state["data"]["what"] == said


def test_a_lead_in_traditional_characters_is_answered_in_them() -> None:
    t = started()
    t.run(
        Step(
            say="工廠晚上偷偷排廢氣，整條街都是臭味",
            expect=("線索", "不同於投訴"),
            ask="lead_category",
        )
    )
    assert t.state["lang"] == "zh-Hant"
    t.run(Step(tap="ecology", ask="where"), Step(say="河口鎮東村", ask="since"))
    assert "開始" in t.replies[-1].text
