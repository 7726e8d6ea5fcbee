"""The learned topic signal: a linear classifier over character and word n-grams.

It is trained on the base's own questions and paraphrases only (nothing is downloaded): every
phrase is one sample labelled with its entry's topic. scikit-learn fits it (TF-IDF with
sublinear term frequency, then multinomial logistic regression); predicting needs only numpy,
since the fitted model is a vocabulary, an idf weight per feature and one weight row per
feature. A start with a cached model (``topic_cache.py``) therefore never imports
scikit-learn, which alone takes about 0.9 s.

Features of a text: its search tokens (jieba with our dictionary and synonyms, ``w:`` prefix)
and the character 1-3-grams of its simplified, lower-cased letters and digits. The tokens
carry the synonym map (工钱 → 工资); the character n-grams carry what the segmenter cuts
badly or a typo breaks (公伤, 仲载, 赔尝).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.faq import FaqEntry
from knowledge.index import TextTokenizer
from knowledge.text import clean, to_simplified
from knowledge.tokenizer import BIGRAM_PREFIX

__all__ = [
    "TopicModel",
    "TopicOptions",
    "TopicSample",
    "topic_features",
    "train_topic_model",
    "training_samples",
]

FloatArray = npt.NDArray[np.float64]
_NOT_LETTER = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_DIGITS = re.compile(r"[0-9]+")
WORD_PREFIX = "w:"


@dataclass(frozen=True, slots=True)
class TopicOptions:
    """How the classifier is fitted (chosen by cross-validation on the base's paraphrases)."""

    char_min: int = 1
    char_max: int = 2
    c: float = 10.0  # inverse regularisation strength of the logistic regression
    answer_weight: float = 1.0  # sample weight of each entry's answer text (0 = not used)
    balanced: bool = True  # weight topics inversely to their number of phrases


@dataclass(frozen=True, slots=True)
class TopicSample:
    """One training phrase: its text, its search tokens, its topic and its weight."""

    text: str
    tokens: Sequence[str]
    topic: str
    weight: float = 1.0


def topic_features(text: str, tokens: Sequence[str], options: TopicOptions) -> list[str]:
    """The classifier's features of one text (its tokens and character n-grams)."""
    features = [WORD_PREFIX + t for t in tokens if t and not t.startswith(BIGRAM_PREFIX)]
    letters = _DIGITS.sub("0", _NOT_LETTER.sub("", to_simplified(clean(text)).lower()))
    for n in range(options.char_min, options.char_max + 1):
        features.extend(letters[i : i + n] for i in range(len(letters) - n + 1))
    return features


class TopicModel:
    """A fitted topic classifier: probabilities of every topic for one text."""

    __slots__ = (
        "classes",
        "fingerprint",
        "idf",
        "intercept",
        "options",
        "trained",
        "vocab",
        "weights",
    )

    def __init__(
        self,
        classes: Sequence[str],
        vocabulary: Sequence[str],
        idf: npt.ArrayLike,
        weights: npt.ArrayLike,
        intercept: npt.ArrayLike,
        options: TopicOptions,
        fingerprint: str = "",
    ) -> None:
        self.classes: tuple[str, ...] = tuple(classes)
        self.vocab: dict[str, int] = {feature: i for i, feature in enumerate(vocabulary)}
        self.idf: FloatArray = np.asarray(idf, dtype=np.float64)
        self.weights: FloatArray = np.asarray(weights, dtype=np.float64)  # features × topics
        self.intercept: FloatArray = np.asarray(intercept, dtype=np.float64)
        self.options = options
        self.fingerprint = fingerprint
        self.trained = True

    @classmethod
    def untrained(cls, topics: Iterable[str]) -> TopicModel:
        """A stand-in while the real model is trained: every topic equally likely."""
        classes = sorted(set(topics)) or ["other"]
        model = cls(
            classes, [], [], np.zeros((0, len(classes))), np.zeros(len(classes)), TopicOptions()
        )
        model.trained = False
        return model

    def probabilities(self, text: str, tokens: Sequence[str]) -> FloatArray:
        """P(topic | text) for every class in ``classes`` (uniform when nothing is known)."""
        counts = Counter(
            self.vocab[f] for f in topic_features(text, tokens, self.options) if f in self.vocab
        )
        scores = self.intercept.copy()
        if counts:
            ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            x = (1.0 + np.log(tf)) * self.idf[ids]
            x /= np.linalg.norm(x)
            scores += x @ self.weights[ids]
        scores -= scores.max()
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(), dtype=np.float64)

    def save(self, path: Path) -> None:
        """Write the model as a plain ``.npz`` (arrays and strings only, no pickle)."""
        vocabulary = sorted(self.vocab, key=self.vocab.__getitem__)
        with path.open("wb") as out:
            np.savez(
                out,
                classes=np.array("\n".join(self.classes)),
                vocabulary=np.array("\n".join(vocabulary)),
                idf=self.idf,
                weights=self.weights,
                intercept=self.intercept,
                options=np.array(_options_text(self.options)),
                fingerprint=np.array(self.fingerprint),
            )

    @classmethod
    def load(cls, path: Path) -> TopicModel:
        """Read a model written by :meth:`save` (raises ``OSError``/``ValueError`` if damaged)."""
        with path.open("rb") as file, np.load(file, allow_pickle=False) as data:
            vocabulary = str(data["vocabulary"]).split("\n")
            weights = data["weights"].astype(np.float64)
            if weights.shape[0] != len(vocabulary):
                raise ValueError("vocabulary and weights disagree")
            return cls(
                str(data["classes"]).split("\n"),
                vocabulary,
                data["idf"],
                weights,
                data["intercept"],
                _options_from_text(str(data["options"])),
                str(data["fingerprint"]),
            )


def train_topic_model(
    samples: Sequence[TopicSample], options: TopicOptions | None = None, fingerprint: str = ""
) -> TopicModel:
    """Fit the classifier on ``samples`` (imports scikit-learn)."""
    options = options or TopicOptions()
    classes = sorted({s.topic for s in samples})
    features = [topic_features(s.text, s.tokens, options) for s in samples]
    if len(classes) < 2:  # one topic (or none): it is certain, nothing to learn
        return TopicModel(classes or ["other"], [], [], np.zeros((0, 1)), [0.0], options)
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=_given, sublinear_tf=True, dtype=np.float64)
    x = vectorizer.fit_transform(features)
    # saga: ten times faster than lbfgs on these sparse features (0.3 s for 2,000 phrases).
    regression = LogisticRegression(
        C=options.c,
        solver="saga",
        random_state=0,  # saga visits samples in a random order: same data, same model
        tol=1e-3,
        max_iter=300,
        class_weight="balanced" if options.balanced else None,
    )
    with warnings.catch_warnings():
        # Stopping at max_iter is acceptable: the cross-validation measures the result.
        warnings.simplefilter("ignore", ConvergenceWarning)
        regression.fit(x, [s.topic for s in samples], sample_weight=[s.weight for s in samples])
    coef = np.asarray(regression.coef_, dtype=np.float64)
    intercept = np.asarray(regression.intercept_, dtype=np.float64)
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: P = sigmoid(x·w)
        coef, intercept = np.vstack([-coef / 2, coef / 2]), np.hstack([-intercept, intercept]) / 2
    vocabulary = vectorizer.get_feature_names_out().tolist()
    return TopicModel(
        [str(c) for c in regression.classes_],
        vocabulary,
        vectorizer.idf_,
        coef.T,
        intercept,
        options,
        fingerprint,
    )


def training_samples(
    entries: Iterable[FaqEntry], tokenizer: TextTokenizer, options: TopicOptions
) -> list[TopicSample]:
    """The classifier's training phrases: questions, paraphrases and (weighted) answers."""
    samples = []
    for entry in entries:
        for text in (entry.question, *entry.paraphrases):
            samples.append(TopicSample(text, tokenizer.tokenize(text), entry.topic))
        if options.answer_weight > 0:
            answer = entry.answer
            tokens = tokenizer.tokenize(answer)
            samples.append(TopicSample(answer, tokens, entry.topic, options.answer_weight))
    return samples


def _given(features: list[str]) -> list[str]:
    return features


def _options_text(options: TopicOptions) -> str:
    return ",".join(
        f"{name}={getattr(options, name)}" for name in TopicOptions.__dataclass_fields__
    )


def _options_from_text(text: str) -> TopicOptions:
    fields = dict(item.split("=", 1) for item in text.split(",") if "=" in item)
    return TopicOptions(
        char_min=int(fields["char_min"]),
        char_max=int(fields["char_max"]),
        c=float(fields["c"]),
        answer_weight=float(fields["answer_weight"]),
        balanced=fields["balanced"] == "True",
    )
