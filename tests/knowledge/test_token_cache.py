"""The entries' tokens kept on disk between starts: used when they fit, ignored when not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from knowledge.answerer import FaqAnswerer
from knowledge.token_cache import TokenCache
from knowledge.tokenizer import Tokenizer, TokenizerOptions, default_tokenizer

FIXTURE_FAQ = Path(__file__).parent / "fixtures" / "faq"
QUESTIONS = ("劳动仲裁怎么申请", "老板不给工钱", "儿子不给赡养费", "残疾证怎么办")


class CountingTokenizer:
    """The real tokenizer, counting the texts it is asked to tokenize."""

    def __init__(self, inner: Tokenizer) -> None:
        self.inner = inner
        self.calls = 0

    def tokenize(self, text: str) -> list[str]:
        self.calls += 1
        return self.inner.tokenize(text)

    def fingerprint(self) -> str:
        return self.inner.fingerprint()


@pytest.fixture
def faq_dir(tmp_path: Path) -> Path:
    target = tmp_path / "faq"
    shutil.copytree(FIXTURE_FAQ, target)
    return target


def _started(*args: Any, **kwargs: Any) -> FaqAnswerer:
    """An answerer whose classifier has been trained (it trains in the background at first)."""
    answerer = FaqAnswerer.from_directory(*args, **kwargs)
    answerer.wait_for_reload(timeout=120)
    return answerer


def _ranking(answerer: FaqAnswerer) -> list[list[tuple[str, float]]]:
    return [[(h.entry.id, h.score) for h in answerer.ask(q).hits] for q in QUESTIONS]


def test_a_restart_reads_the_tokens_and_ranks_exactly_as_before(
    faq_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache" / "faq-tokens.json"
    first = CountingTokenizer(default_tokenizer())
    cold = _started(faq_dir, first, token_cache=cache)
    texts = first.calls
    assert texts > 0 and cache.exists() and cold.model.trained

    second = CountingTokenizer(default_tokenizer())
    warm = _started(faq_dir, second, token_cache=cache)
    assert second.calls == 0  # every phrase and answer came from the file
    assert _ranking(warm) == _ranking(cold) == _ranking(_started(faq_dir))
    assert len(json.loads(cache.read_text(encoding="utf-8"))["tokens"]) <= texts


def test_the_file_is_what_the_index_is_built_from(faq_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "faq-tokens.json"
    _started(faq_dir, token_cache=cache)
    document = json.loads(cache.read_text(encoding="utf-8"))
    for text in document["tokens"]:
        document["tokens"][text] = ["zzz"]  # same fingerprint, other tokens: they are used
    cache.write_text(json.dumps(document), encoding="utf-8")
    assert _started(faq_dir, token_cache=cache).ask("劳动仲裁").hits == ()


def test_another_tokenizer_ignores_and_replaces_the_file(faq_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "faq-tokens.json"
    _started(faq_dir, token_cache=cache)
    before = json.loads(cache.read_text(encoding="utf-8"))["fingerprint"]

    other = CountingTokenizer(Tokenizer(options=TokenizerOptions(bigrams="off")))
    assert other.fingerprint() != before
    _started(faq_dir, other, token_cache=cache)
    assert other.calls > 0  # nothing was taken from a file made by another tokenizer
    assert json.loads(cache.read_text(encoding="utf-8"))["fingerprint"] == other.fingerprint()


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"fingerprint": 1, "tokens": 2}'])
def test_a_damaged_file_is_ignored_and_rewritten(
    faq_dir: Path, tmp_path: Path, content: str
) -> None:
    cache = tmp_path / "faq-tokens.json"
    cache.write_text(content, encoding="utf-8")
    counting = CountingTokenizer(default_tokenizer())
    answerer = _started(faq_dir, counting, token_cache=cache)
    assert counting.calls > 0
    assert answerer.ask("劳动仲裁怎么申请").hits[0].entry.id == "arbitration-001"
    assert json.loads(cache.read_text(encoding="utf-8"))["tokens"]


def test_an_edited_entry_is_tokenized_again_and_old_texts_do_not_pile_up(
    faq_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "faq-tokens.json"
    answerer = _started(faq_dir, token_cache=cache, check_every=0)
    path = faq_dir / "labour.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("劳动仲裁", "劳动争议仲裁"), encoding="utf-8"
    )
    assert answerer.maybe_reload() is True
    stored = json.loads(cache.read_text(encoding="utf-8"))["tokens"]
    assert any("劳动争议仲裁" in text for text in stored)
    assert not any("劳动仲裁" in text for text in stored)


def test_an_unwritable_place_costs_only_time(faq_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    answerer = _started(faq_dir, token_cache=blocker / "faq-tokens.json")
    assert answerer.ask("劳动仲裁怎么申请").hits[0].entry.id == "arbitration-001"


def test_a_tokenizer_without_a_fingerprint_is_never_cached(tmp_path: Path) -> None:
    class Plain:
        def tokenize(self, text: str) -> list[str]:
            return list(text)

    cache = TokenCache(tmp_path / "t.json", Plain())
    assert cache.tokenize("工资") == ["工", "资"]
    cache.save()
    assert not (tmp_path / "t.json").exists()
