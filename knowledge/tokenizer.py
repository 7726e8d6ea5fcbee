"""Chinese tokenisation for FAQ search: jieba with our legal dictionary, plus normalisation.

The pipeline for one text: clean (NFKC, invisible characters) → Traditional to Simplified →
lower case → jieba with ``userdict.txt`` and every synonym variant as a word → map each
variant to its canonical word (``synonyms.yaml``, typos included) → numbers to one ``NUM``
token → drop stop words and punctuation → optionally add character bigrams of long words,
for the words the dictionary splits badly.

The jieba tokenizer is our own instance, not jieba's global one, and it is built on first
use: importing this module loads no dictionary.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from knowledge import text as text_module
from knowledge.text import clean, to_simplified
from knowledge.yamlio import read_yaml

__all__ = ["Tokenizer", "TokenizerOptions", "default_tokenizer", "parse_number", "tokenize"]

NUM_TOKEN = "NUM"
BIGRAM_PREFIX = "~"
_DATA_DIR = Path(__file__).resolve().parent / "data"
_CJK_WORD = re.compile(r"^[\u3400-\u9fff]+$")
_WORDLIKE = re.compile(r"[\w\u3400-\u9fff]")
_ARABIC_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_CHINESE_NUMBER = re.compile(r"^[零〇一二两三四五六七八九十百千万亿点]+$")
# Amounts and counts as people write them: 3000块, 两个, 好几万, 十几, 1万多.
_NUMBERISH = re.compile(
    r"^好?[0-9.零〇一二两三四五六七八九十百千万亿几半]*[0-9零〇一二两三四五六七八九十百千万亿几]"
    r"[0-9.零〇一二两三四五六七八九十百千万亿几半]*(?:个|块|元|多|余|来|块钱)?$"
)
# Hotline numbers are names of services ("12309怎么打"), not amounts: keep them as words.
_HOTLINES = frozenset(
    {
        "110",
        "119",
        "120",
        "122",
        "12309",
        "12315",
        "12333",
        "12338",
        "12345",
        "12348",
        "12355",
        "12356",
        "12368",
        "12385",
        "12388",
    }
)
# A variant gets this jieba frequency so that it is cut as one word.
_WORD_FREQ = 2000


@dataclass(frozen=True, slots=True)
class TokenizerOptions:
    """Switches measured on the development set (see README for the figures)."""

    numbers: Literal["num", "keep", "drop"] = "num"
    bigrams: Literal["off", "long_words"] = "long_words"


class Tokenizer:
    """Normalises and segments text; safe to share between threads once built."""

    def __init__(self, data_dir: Path = _DATA_DIR, options: TokenizerOptions | None = None):
        self._data_dir = data_dir
        self.options = options or TokenizerOptions()
        self._lock = threading.Lock()
        self._jieba: Any = None
        self._synonyms: dict[str, str] = {}
        self._stopwords: frozenset[str] = frozenset()

    def tokenize(self, text: str) -> list[str]:
        """The search tokens of ``text`` (possibly empty; never raises on odd input)."""
        segmenter = self._segmenter()
        normal = to_simplified(clean(text)).lower()
        tokens: list[str] = []
        for word in segmenter.cut(normal, HMM=True):
            token = self._normalise_word(word.strip())
            if token:
                tokens.append(token)
        if self.options.bigrams == "long_words":
            tokens.extend(_bigrams(tokens))
        return tokens

    def warm(self) -> None:
        """Load jieba and the dictionaries now rather than on the first question."""
        self._segmenter()

    def fingerprint(self) -> str:
        """A digest of everything that decides the tokens of a text except the text itself:
        the dictionaries, the options, this code and the versions of the libraries it uses."""
        from importlib.metadata import version

        digest = hashlib.sha256(repr(self.options).encode())
        for name in ("userdict.txt", "synonyms.yaml", "stopwords.txt"):
            digest.update((self._data_dir / name).read_bytes())
        for module in (Path(__file__), Path(text_module.__file__ or "")):
            digest.update(module.read_bytes())
        for package in ("jieba", "OpenCC", "cn2an"):
            digest.update(f"{package}={version(package)}".encode())
        return digest.hexdigest()

    def canonical(self, word: str) -> str:
        """The canonical form of one word (``工钱`` → ``工资``); unknown words unchanged."""
        self._segmenter()
        return self._synonyms.get(word, word)

    def _normalise_word(self, word: str) -> str | None:
        if not word or not _WORDLIKE.search(word):
            return None
        word = self._synonyms.get(word, word)
        if word in self._stopwords:
            return None
        if word in _HOTLINES:
            return word
        if _NUMBERISH.match(word):
            return _number_token(word, self.options.numbers)
        return word

    def _segmenter(self) -> Any:
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    self._jieba = self._build()
        return self._jieba

    def _build(self) -> Any:
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        segmenter = jieba.Tokenizer()
        for word, freq in _load_userdict(self._data_dir / "userdict.txt"):
            segmenter.add_word(word, freq)
        self._synonyms = _load_synonyms(self._data_dir / "synonyms.yaml")
        for word in {*self._synonyms, *self._synonyms.values()}:
            if len(word) > 1:
                segmenter.add_word(word, _WORD_FREQ)
        self._stopwords = _load_stopwords(self._data_dir / "stopwords.txt")
        return segmenter


def _import_jieba() -> Any:
    """Import jieba (lazily: its dictionary is slow) without pkg_resources.

    jieba uses pkg_resources, when it can import it, only to open its own dictionary file,
    and otherwise opens the file by path. Importing pkg_resources takes 0.2 s (a sixth of
    start-up) and the module is deprecated, so for this one import it is made unavailable.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes the import fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def parse_number(word: str) -> float | None:
    """The value of a number written in digits or Chinese (``两万三`` → 23000), else None."""
    if _ARABIC_NUMBER.match(word):
        return float(word)
    if not _CHINESE_NUMBER.match(word):
        return None
    import cn2an  # loaded lazily, like jieba

    try:
        return float(cn2an.cn2an(word, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def _number_token(word: str, mode: str) -> str | None:
    if mode == "drop":
        return None
    if mode == "num":
        return NUM_TOKEN
    value = parse_number(word.rstrip("个块元多余来钱"))
    return f"{value:g}" if value is not None else NUM_TOKEN


def _bigrams(tokens: list[str]) -> list[str]:
    # Long words are where jieba's cuts disagree between a question and an entry
    # (培训学校 vs 培训/学校); their bigrams let the two still meet.
    extra: list[str] = []
    for token in tokens:
        if len(token) > 2 and _CJK_WORD.match(token):
            extra.extend(BIGRAM_PREFIX + token[i : i + 2] for i in range(len(token) - 1))
    return extra


def _load_synonyms(path: Path) -> dict[str, str]:
    raw = read_yaml(path) or {}
    mapping: dict[str, str] = {}
    for canonical, variants in raw.items():
        for variant in variants or []:
            mapping[to_simplified(str(variant)).lower()] = str(canonical)
    return mapping


def _load_userdict(path: Path) -> list[tuple[str, int]]:
    # jieba's own load_userdict leaves the file open and reads comments as words.
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else _WORD_FREQ
            words.append((to_simplified(parts[0]).lower(), freq))
    return words


def _load_stopwords(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    """The process-wide tokenizer with the shipped dictionaries (built on first call)."""
    return Tokenizer()


def tokenize(text: str) -> list[str]:
    """Tokenize with the process-wide tokenizer."""
    return default_tokenizer().tokenize(text)
