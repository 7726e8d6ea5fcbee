"""The foundation's conversations, as transcript tables against the pure engine."""

from __future__ import annotations

from tests.engine.transcript import Step, Transcript

MENU = ("go:eligibility", "go:complaint", "go:faq", "go:status", "/person")


def test_start_greets_and_shows_the_menu() -> None:
    Transcript().run(
        Step(say="/start", expect=("检察服务前台", "请选择"), ask="menu", buttons=MENU)
    )


def test_first_message_is_greeted_and_answered() -> None:
    Transcript().run(
        Step(
            say="老板拖欠工资怎么办",
            expect=("您好", "劳动监察", "法律依据"),
            buttons=("fb:wage-001:up", "fb:wage-001:down", "call:12333"),
        )
    )


def test_free_text_runs_the_answer_ladder() -> None:
    Transcript().run(
        Step(say="/start", ask="menu"),
        Step(say="子女不给赡养费", expect=("起诉",), buttons=("fb:elder-001:up",)),
        Step(say="法律援助", expect=("您想问的是不是",), buttons=("faq:aid-001", "faq:wage-001")),
        Step(tap="faq:aid-001", expect=("12348", "有待核实")),
        Step(
            say="外星人来了咋办",
            expect=("不太确定",),
            buttons=("/person",),
            effects=("record_faq_miss",),
        ),
    )


def test_feedback_and_details_buttons() -> None:
    Transcript().run(
        Step(say="工资被拖欠", buttons=("more:wage-001",)),
        Step(tap="more:wage-001", expect=("考勤",)),
        Step(tap="fb:wage-001:down", expect=("改进",), effects=("record_feedback",)),
        Step(tap="call:12333", expect=("12333", "人社")),
    )


def test_menu_by_number_label_and_words_with_honest_placeholders() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="３", expect=("请直接打字",), ask="question"),
        Step(say="菜单", ask="menu"),
        Step(say="法律咨询", ask="question"),
        Step(say="主菜单", ask="menu"),
    )


def test_person_is_one_word_away_and_never_twice() -> None:
    Transcript().run(
        Step(say="/start"),
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": True}), expect=("转接工作人员",)),
        Step(say="我要找人工客服", expect=("已经在为您转接",), effects=(), mode="waiting"),
        Step(say="我的情况是这样的", expect=("已转给工作人员",)),
        Step(say="还有一件事", silent=True),
        Step(event=("handoff.joined", {"name": "李"}), expect=("李",), mode="human"),
        Step(say="你好，我想问工资的事", silent=True),
        Step(event=("handoff.released", {}), expect=("机器人继续",), mode="bot", ask="menu"),
    )


def test_a_request_nobody_joined_ends_with_its_reason_and_the_menu() -> None:
    Transcript().run(
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": True}), expect=("转接工作人员",)),
        Step(say="我的情况是这样的", expect=("已转给工作人员",)),
        Step(
            event=("handoff.ended", {"reason": "called_back"}),
            expect=("打电话和您联系过", "机器人继续"),
            mode="bot",
            ask="menu",
        ),
        Step(say="菜单", expect=("请选择您要办的事",), mode="bot", ask="menu"),  # the bot again
    )


def test_cancel_stops_waiting() -> None:
    Transcript().run(
        Step(say="人工", effects=("request_person",)),
        Step(
            say="取消", expect=("已取消转人工",), effects=("cancel_person",), mode="bot", ask="menu"
        ),
    )


def test_danger_words_come_first_anywhere() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(
            say="他正在打我，我不想活了",
            expect=("110", "120", "12338", "12356", "转人工", "都会标为紧急"),
            buttons=("call:120", "call:110", "/person"),
            effects=("flag_urgent",),
        ),
    )
    assert t.replies[0].extra["dangers"] == ["suicide", "family_violence"]
    assert t.state["urgent"] is True
    # The same kind again: a one-line reminder, no second flag; a new kind: its advice.
    t.run(Step(say="他又打我了", expect=("如果现在有危险",), effects=()))
    assert "家庭暴力" not in t.replies[0].text
    t.run(
        Step(say="孩子不见了", expect=("不用等 24 小时",), effects=("flag_urgent",)),
    )


def test_traditional_in_traditional_out_and_back() -> None:
    t = Transcript()
    t.run(Step(say="老闆欠我工資怎麼辦", expect=("法律依據", "勞動監察")))
    assert t.state["lang"] == "zh-Hant"
    t.run(Step(tap="/menu", expect=("請選擇",)))
    t.run(Step(say="这个怎么办", expect=("这个问题",), effects=("record_faq_miss",)))
    assert t.state["lang"] == "zh-Hans"


def test_language_switch_and_english() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="language", ask="lang"),
        Step(tap="/lang en", expect=("English",), ask="menu"),
        Step(say="help", expect=("menu",)),
    )


def test_empty_and_junk_input_never_dead_ends() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="   ", expect=("没有收到内容",), buttons=("/menu", "/person")),
        Step(say="\u200b\u202e", expect=("没有收到内容",)),
        # Emoji alone is not a legal question: no search, no "not sure", a way on.
        Step(say="😀😀", expect=("请用文字说说",), buttons=("/menu", "/person"), effects=()),
        # A payload no step offered: that step has passed, and the menu is offered again.
        Step(tap="nonsense-payload", expect=("这一步已经过去了",), buttons=("go:complaint",)),
    )


def test_back_at_the_start_returns_to_the_menu() -> None:
    Transcript().run(Step(say="/start"), Step(say="返回", ask="menu"))


def test_privacy_and_delete_need_confirmation() -> None:
    Transcript().run(
        Step(say="/privacy", expect=("个人信息",), buttons=("/delete",)),
        Step(tap="/delete", expect=("确定要删除",), ask="delete_confirm", effects=()),
        Step(tap="/delete confirm", effects=("delete_my_data",)),
        Step(event=("privacy.deleted", {"kept": []}), expect=("已删除",)),
    )


def test_state_is_plain_json() -> None:
    import json

    t = Transcript()
    t.run(Step(say="/start"), Step(say="转人工", effects=("request_person",)))
    assert json.loads(json.dumps(t.state)) == t.state


def test_a_greeting_is_greeted_not_searched() -> None:
    Transcript().run(
        Step(say="你好！在吗？", expect=("检察服务前台", "请选择"), ask="menu", effects=()),
        Step(say="您好", expect=("检察服务前台",), ask="menu", effects=()),
        Step(say="法律咨询", ask="question"),
        Step(say="有人吗", expect=("请选择",), ask="menu", effects=()),
        Step(say="你好，老板拖欠工资怎么办", expect=("劳动监察",)),
    )


def test_a_greeting_while_waiting_for_a_person_goes_to_the_person() -> None:
    Transcript().run(
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": True})),
        Step(say="在吗？", expect=("已转给工作人员",), mode="waiting"),
    )


def test_a_number_after_the_guesses_picks_a_guess_not_the_menu_item() -> None:
    """ "您想问的是不是" numbers its guesses; "2" then is the second guess (the menu above it
    has a 2 as well), and once the menu is shown again "2" is the menu's second item."""
    t = Transcript()
    t.run(
        Step(say="/start", ask="menu"),
        Step(say="法律援助", expect=("您想问的是不是",), ask="faq_choice"),
    )
    guesses = [b for b in t.replies[-1].buttons if b.payload.startswith("faq:")]
    assert len(guesses) >= 2 and [b.number for b in guesses] == list(range(1, len(guesses) + 1))
    t.run(Step(say="2"))
    second = guesses[1].payload.removeprefix("faq:")
    assert t.state["flow"] == "menu"
    assert any(b.payload == f"fb:{second}:up" for r in t.replies for b in r.buttons)
    t.run(Step(say="菜单", ask="menu"), Step(say="2", ask="consent"))
