"""The learned topic signal: predictions without scikit-learn, and the model kept between starts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.answerer import FaqAnswerer
from knowledge.faq import FaqEntry, load_entries
from knowledge.ladder import Thresholds
from knowledge.tokenizer import default_tokenizer
from knowledge.topic_cache import model_fingerprint, topic_model
from knowledge.topic_training import train_in_child
from knowledge.topics import (
    TopicModel,
    TopicOptions,
    topic_features,
    train_topic_model,
    training_samples,
)

FIXTURE_FAQ = Path(__file__).parent / "fixtures" / "faq"
EASY = Thresholds(fusion_weight=0.8, answer_confidence=0.2, answer_probability=0.5, none_below=0.1)


class CountingTokenizer:
    """The real tokenizer, counting the texts it is asked to tokenize."""

    def __init__(self) -> None:
        self.calls = 0

    def tokenize(self, text: str) -> list[str]:
        self.calls += 1
        return default_tokenizer().tokenize(text)


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_entries(FIXTURE_FAQ)


@pytest.fixture(scope="module")
def model(entries: list[FaqEntry]) -> TopicModel:
    samples = training_samples(entries, default_tokenizer(), TopicOptions())
    return train_topic_model(samples, TopicOptions())


def _probabilities(model: TopicModel, text: str) -> np.ndarray:
    return model.probabilities(text, default_tokenizer().tokenize(text))


def test_features_are_words_and_character_ngrams() -> None:
    features = topic_features("包工头欠工钱！", ["老板", "拖欠", "工资", "~包工"], TopicOptions())
    assert {"w:老板", "w:工资", "工", "工钱", "包工"} <= set(features)
    assert "~包工" not in features and "w:~包工" not in features  # BM25's bigrams are not reused
    assert all("！" not in f for f in features)


def test_numpy_predictions_match_scikit_learn(entries: list[FaqEntry]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    options = TopicOptions()
    samples = training_samples(entries, default_tokenizer(), options)
    model = train_topic_model(samples, options)
    features = [topic_features(s.text, s.tokens, options) for s in samples]
    vectorizer = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True)
    reference = LogisticRegression(
        C=options.c, solver="saga", tol=1e-3, max_iter=300, class_weight="balanced", random_state=0
    )
    reference.fit(vectorizer.fit_transform(features), [s.topic for s in samples])
    for question in ("老板欠工资不给", "孩子在学校被打了", "残疾证"):
        tokens = default_tokenizer().tokenize(question)
        x = vectorizer.transform([topic_features(question, tokens, options)])
        assert model.probabilities(question, tokens) == pytest.approx(
            reference.predict_proba(x)[0], abs=1e-6
        )


def test_the_classifier_finds_topics_of_unseen_wording(model: TopicModel) -> None:
    for question, topic in (
        ("干了半年活工钱一分没拿到", "wage_arrears"),
        ("学校里有人老欺负我家娃", "minors"),
        ("我男人喝醉了就动手", "domestic_violence"),
    ):
        chances = _probabilities(model, question)
        assert model.classes[int(np.argmax(chances))] == topic, question
        assert chances.sum() == pytest.approx(1.0)


def test_nothing_known_gives_the_prior_not_an_error(model: TopicModel) -> None:
    chances = model.probabilities("", [])
    assert chances.shape == (len(model.classes),) and chances.sum() == pytest.approx(1.0)


def test_two_topics_and_one_topic_are_handled(entries: list[FaqEntry]) -> None:
    two = [e for e in entries if e.topic in ("wage_arrears", "minors")]
    model = train_topic_model(training_samples(two, default_tokenizer(), TopicOptions()))
    assert model.classes == ("minors", "wage_arrears")
    assert model.classes[int(np.argmax(_probabilities(model, "工资拖欠")))] == "wage_arrears"
    one = [e for e in entries if e.topic == "minors"]
    alone = train_topic_model(training_samples(one, default_tokenizer(), TopicOptions()))
    assert alone.classes == ("minors",) and _probabilities(alone, "工资")[0] == 1.0


def test_a_saved_model_predicts_exactly_as_before(model: TopicModel, tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    model.save(path)
    again = TopicModel.load(path)
    assert again.classes == model.classes and again.options == model.options
    for question in ("老板欠工资", "离婚后孩子抚养费", "天气"):
        assert np.array_equal(_probabilities(again, question), _probabilities(model, question))


def test_the_cache_is_used_when_it_fits_and_replaced_when_not(
    entries: list[FaqEntry], tmp_path: Path
) -> None:
    path = tmp_path / "cache" / "faq-topics.npz"
    first = CountingTokenizer()
    trained = topic_model(entries, first, path=path, tokenizer_key="k1")
    assert first.calls > 0 and path.exists()

    second = CountingTokenizer()
    cached = topic_model(entries, second, path=path, tokenizer_key="k1")
    assert second.calls == 0  # read from the file: nothing tokenized, nothing trained
    assert cached.fingerprint == trained.fingerprint

    third = CountingTokenizer()
    topic_model(entries, third, path=path, tokenizer_key="another tokenizer")
    assert third.calls > 0
    edited = [entries[0].__class__(**{**_fields(entries[0]), "question": "新问题"}), *entries[1:]]
    assert model_fingerprint(edited, TopicOptions(), "k1") != trained.fingerprint


def _fields(entry: FaqEntry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in entry.__slots__}


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_damaged_file_is_retrained_and_rewritten(
    entries: list[FaqEntry], tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "faq-topics.npz"
    path.write_bytes(content)
    counting = CountingTokenizer()
    model = topic_model(entries, counting, path=path, tokenizer_key="k")
    assert counting.calls > 0
    assert TopicModel.load(path).fingerprint == model.fingerprint


def test_an_unwritable_place_costs_only_time(entries: list[FaqEntry], tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    model = topic_model(entries, default_tokenizer(), path=blocker / "m.npz", tokenizer_key="k")
    assert "wage_arrears" in model.classes


def test_without_a_tokenizer_fingerprint_nothing_is_cached(
    entries: list[FaqEntry], tmp_path: Path
) -> None:
    path = tmp_path / "m.npz"
    topic_model(entries, default_tokenizer(), path=path, tokenizer_key=None)
    assert not path.exists()


def test_a_start_without_a_model_does_not_wait_and_never_answers_alone(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "faq-tokens.json"
    answerer = FaqAnswerer.from_directory(FIXTURE_FAQ, token_cache=cache, thresholds=EASY)
    question = "包工头欠工资跑了，找谁要？"
    while not answerer.model.trained:  # BM25 alone meanwhile: choices, never a direct answer
        early = answerer.ask(question)
        assert early.decision == "clarify" and early.hits[0].entry.id == "wage-001"
        answerer.wait_for_reload(timeout=0.05)
    answerer.wait_for_reload(timeout=120)
    assert answerer.ask(question).decision == "answer"
    assert (cache.parent / "faq-topics.npz").exists()  # written by the training child

    restarted = FaqAnswerer.from_directory(FIXTURE_FAQ, token_cache=cache, thresholds=EASY)
    assert restarted.model.trained  # read from the file: no training, no waiting
    assert restarted.model.fingerprint == answerer.model.fingerprint


def test_training_in_a_child_process_gives_the_same_model(
    entries: list[FaqEntry], tmp_path: Path
) -> None:
    samples = training_samples(entries, default_tokenizer(), TopicOptions())
    apart = train_in_child(samples, TopicOptions(), "fp", tmp_path / "m.npz")
    here = train_topic_model(samples, TopicOptions(), "fp")
    assert apart.fingerprint == "fp" and apart.classes == here.classes
    assert np.allclose(_probabilities(apart, "老板欠工资"), _probabilities(here, "老板欠工资"))
