"""A hand-written FAQ fake: three entries, keyword matching, the real answer-ladder shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class FakeCitation:
    law: str
    article: str


@dataclass(frozen=True)
class FakeEntry:
    id: str
    topic: str
    question: str
    answer: str
    citations: tuple[FakeCitation, ...]
    next_steps: tuple[str, ...] = ("person",)
    details: str = ""
    uncertain: bool = False
    paraphrases: tuple[str, ...] = ()
    reviewed: date = date(2026, 11, 22)


@dataclass(frozen=True)
class FakeHit:
    entry: FakeEntry
    score: float


@dataclass(frozen=True)
class FakeAnswer:
    decision: str
    hits: tuple[FakeHit, ...]
    query: str = ""


WAGES = FakeEntry(
    "wage-001",
    "wage_arrears",
    "老板拖欠工资怎么办",
    "先找劳动监察（12333）投诉，或者申请劳动仲裁，仲裁不收费。",
    (FakeCitation("保障农民工工资支付条例", "第十条"),),
    ("eligibility", "call:12333", "person"),
    details="详细：带上考勤和转账记录。",
)
ELDER = FakeEntry(
    "elder-001",
    "elderly_support",
    "子女不给赡养费怎么办",
    "可以先调解，也可以直接起诉，法院可以先予执行。",
    (FakeCitation("老年人权益保障法", "第七十五条"),),
    ("eligibility", "person"),
)
AID = FakeEntry(
    "aid-001",
    "legal_aid",
    "怎么申请法律援助",
    "拨打12348或到法律援助中心申请。",
    (FakeCitation("法律援助法", "第四十三条"),),
    ("call:12348",),
    uncertain=True,
)


@dataclass
class FakeFaq:
    """Keyword rules: 工资 → answer; 赡养 → answer; 援助 → did-you-mean; else nothing."""

    entries: dict[str, FakeEntry] = field(
        default_factory=lambda: {e.id: e for e in (WAGES, ELDER, AID)}
    )
    asked: list[str] = field(default_factory=list)

    def ask(self, question: str) -> FakeAnswer:
        self.asked.append(question)
        if "工资" in question or "工資" in question:
            return FakeAnswer("answer", (FakeHit(WAGES, 9.0), FakeHit(AID, 1.0)), question)
        if "赡养" in question:
            return FakeAnswer("answer", (FakeHit(ELDER, 8.0),), question)
        if "援助" in question:
            return FakeAnswer(
                "clarify", (FakeHit(AID, 3.0), FakeHit(WAGES, 2.9), FakeHit(ELDER, 2.5)), question
            )
        return FakeAnswer("none", (), question)

    def entry(self, entry_id: str) -> FakeEntry | None:
        return self.entries.get(entry_id)
