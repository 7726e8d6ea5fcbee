"""English questions answered from the same FAQ entries (``data/faq_en/*.yaml``).

The Chinese base is the source of truth; for the entries people ask most, the English files
hold an English question, variants and a gist, keyed by the entry's id. An English question
is searched over those with the same BM25 index as the Chinese one (:class:`FaqIndex`), using
a small English tokenizer; its hits are the Chinese entries themselves, so buttons, citations,
feedback and next steps work unchanged, and the reply shows the English gist.

:class:`BilingualFaq` is what the engine is given: ``ask`` sends English text to the English
index and everything else to the Chinese answerer, which it otherwise stands in for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from knowledge.answerer import FaqAnswer
from knowledge.faq import FaqEntry, KnowledgeError
from knowledge.index import FaqHit, FaqIndex, IndexOptions
from knowledge.yamlio import read_yaml

__all__ = [
    "ANSWER_AT",
    "BilingualFaq",
    "EnglishFaq",
    "EnglishText",
    "default_english_dir",
    "load_english",
    "looks_english",
]

# Chosen on the training half of tests/knowledge/english_questions.yaml (see its test).
ANSWER_AT = 0.40
MARGIN_AT = 0.10
NONE_BELOW = 0.12
MIN_VARIANTS = 3

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_STOP_WORDS = (
    "a an the i me my we our us you your he him his she her it its they them their is are was "
    "were be been am do does did to of in on at for with and or but if so that this what which "
    "who how can could would should will shall may might must have has had not no any some "
    "there here about from by as into than then just also please still get got one two three "
    "four five six seven eight nine ten eleven twelve half"
)
_STOP = frozenset(_STOP_WORDS.split())
# Everyday words → the word the entries use (a small synonym table, like synonyms.yaml).
_SAME = {
    "boss": "employer",
    "company": "employer",
    "firm": "employer",
    "factory": "employer",
    "salary": "wage",
    "pay": "wage",
    "paid": "wage",
    "paying": "wage",
    "wages": "wage",
    "owe": "wage",
    "owes": "wage",
    "money": "wage",
    "fired": "dismiss",
    "sacked": "dismiss",
    "laid": "dismiss",
    "tutoring": "training",
    "tuition": "fee",
    "fees": "fee",
    "school": "training",
    "kids": "child",
    "children": "child",
    "prosecutor": "procuratorate",
    "prosecutors": "procuratorate",
    "lawyer": "legal",
    "sue": "lawsuit",
    "suing": "lawsuit",
    "court": "lawsuit",
    "hurt": "injury",
    "injured": "injury",
    "accident": "injury",
    "sunday": "weekend",
    "saturday": "weekend",
    "weekends": "weekend",
    "extra": "overtime",
    "restraining": "protection",
    "beats": "violence",
    "hits": "violence",
    "violent": "violence",
}


def looks_english(text: str) -> bool:
    """True for a message written in English: two or more Latin words and no Chinese."""
    return not _CJK.search(text) and len(_LATIN_WORD.findall(text)) >= 2


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


class EnglishText:
    """Lower case, words, stop words out, synonyms folded, a light stem."""

    def tokenize(self, text: str) -> list[str]:
        """The search tokens of ``text``."""
        words = (w.replace("'", "") for w in _WORD.findall(text.lower()))
        return [_stem(_SAME.get(w, w)) for w in words if w not in _STOP]


@dataclass(frozen=True, slots=True)
class EnglishEntry:
    """The English face of one Chinese entry."""

    id: str
    question: str
    variants: tuple[str, ...]
    gist: str


def default_english_dir() -> Path:
    """``knowledge/data/faq_en``."""
    return Path(__file__).resolve().parent / "data" / "faq_en"


def load_english(
    directory: Path, known: Mapping[str, FaqEntry], *, strict: bool = False
) -> dict[str, EnglishEntry]:
    """Read and check the English files.

    An id that names no Chinese entry is skipped (a test base, an entry being rewritten), or
    with ``strict`` refused; the data tests load the shipped files strictly.
    """
    found: dict[str, EnglishEntry] = {}
    for path in sorted(directory.glob("*.yaml")):
        for item in read_yaml(path) or []:
            entry_id = str(item.get("id", ""))
            where = f"{path.name}: {entry_id or '?'}"
            if entry_id not in known:
                if strict:
                    raise KnowledgeError(f"{where}: no Chinese entry with this id")
                continue
            if entry_id in found:
                raise KnowledgeError(f"{where}: duplicate id")
            variants = tuple(str(v).strip() for v in item.get("variants") or () if str(v).strip())
            question, gist = (
                str(item.get("question", "")).strip(),
                str(item.get("gist", "")).strip(),
            )
            if not question or not gist or len(variants) < MIN_VARIANTS:
                raise KnowledgeError(
                    f"{where}: needs a question, a gist and {MIN_VARIANTS} variants"
                )
            found[entry_id] = EnglishEntry(entry_id, question, variants, " ".join(gist.split()))
    return found


class EnglishFaq:
    """A BM25 index over the English questions, answering with the Chinese entries."""

    def __init__(self, entries: Mapping[str, EnglishEntry], chinese: Mapping[str, FaqEntry]):
        self.entries = {k: e for k, e in entries.items() if k in chinese}
        faces = [
            replace(chinese[e.id], question=e.question, paraphrases=e.variants, answer=e.gist)
            for e in self.entries.values()
        ]
        self.index = FaqIndex.build(faces, EnglishText(), IndexOptions())

    def ask(self, question: str, k: int = 5) -> FaqAnswer:
        """Rank the entries for an English question and decide: answer, clarify or none.

        The hits carry the entries as indexed (English question, gist as the answer);
        :class:`BilingualFaq` swaps in the Chinese answerer's current entries.
        """
        tokens = self.index.tokenizer.tokenize(question)
        hits = tuple(self.index.search_tokens(tokens, k))
        normaliser = self.index.self_score(tokens)
        if not hits or normaliser <= 0:
            return FaqAnswer("none", hits, question)
        confidence = hits[0].score / normaliser
        second = hits[1].score if len(hits) > 1 else 0.0
        margin = (hits[0].score - second) / hits[0].score
        if confidence < NONE_BELOW:
            return FaqAnswer("none", hits, question, confidence)
        sure = confidence >= ANSWER_AT and margin >= MARGIN_AT
        return FaqAnswer("answer" if sure else "clarify", hits, question, confidence)

    def gist(self, entry_id: str) -> EnglishEntry | None:
        """The English question and gist of an entry, when there is one."""
        return self.entries.get(entry_id)


class BilingualFaq:
    """The Chinese answerer, with English questions sent to the English index."""

    def __init__(self, chinese: Any, english: EnglishFaq):
        self.chinese = chinese
        self.english = english

    def ask(self, question: str, k: int = 5) -> Any:
        """English text → the English index; anything else → the Chinese answerer."""
        if not looks_english(question):
            return self.chinese.ask(question, k)
        found = self.english.ask(question, k)
        current = [(self.chinese.entry(h.entry.id), h.score) for h in found.hits]
        hits = tuple(FaqHit(entry, score) for entry, score in current if entry is not None)
        decision = found.decision if hits else "none"
        return replace(found, hits=hits, decision=decision)

    def entry(self, entry_id: str) -> Any:
        """One (Chinese) entry by id."""
        return self.chinese.entry(entry_id)

    def english_face(self, entry_id: str) -> EnglishEntry | None:
        """The English question and gist of an entry, when there is one."""
        return self.english.gist(entry_id)

    def __getattr__(self, name: str) -> Any:
        # index, maybe_reload … : the staff console's FAQ editor talks to the Chinese answerer.
        return getattr(self.chinese, name)

    @classmethod
    def around(cls, chinese: Any, directory: Path | None = None) -> BilingualFaq:
        """Wrap a Chinese answerer with the English files in ``directory``."""
        known = {e.id: e for e in chinese.index.entries}
        entries = load_english(directory or default_english_dir(), known)
        return cls(chinese, EnglishFaq(entries, known))
