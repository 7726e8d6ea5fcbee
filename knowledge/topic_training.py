"""Training the topic classifier in a child process, so the server never loads scikit-learn.

Importing scikit-learn and fitting the model adds about 100 MB to a process that keeps it;
a server retrains whenever the FAQ changes, so it hands the work to a short-lived child:
``python -m knowledge.topic_training SAMPLES.json MODEL.npz``. The samples file holds the
phrases, their tokens, topics and weights and the options (JSON: reading it runs no code);
the child fits the model and writes it where it was asked, then exits.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from knowledge.topics import TopicModel, TopicOptions, TopicSample, train_topic_model

__all__ = ["train_in_child"]

CHILD_TIMEOUT_SECONDS = 600.0


def train_in_child(
    samples: Sequence[TopicSample], options: TopicOptions, fingerprint: str, path: Path
) -> TopicModel:
    """Fit the model in a child process that writes it to ``path``; read it back.

    Raises ``OSError`` or ``subprocess.SubprocessError`` when the child fails.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "options": dataclasses.asdict(options),
        "fingerprint": fingerprint,
        "samples": [[s.text, list(s.tokens), s.topic, s.weight] for s in samples],
    }
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".samples-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False)
        command = [sys.executable, "-m", "knowledge.topic_training", name, str(path)]
        # Output is captured, not shown: a traceback could quote a phrase being trained on.
        subprocess.run(command, check=True, timeout=CHILD_TIMEOUT_SECONDS, capture_output=True)
    finally:
        os.unlink(name)
    return TopicModel.load(path)


def _main(argv: list[str]) -> int:
    samples_file, model_file = Path(argv[0]), Path(argv[1])
    document = json.loads(samples_file.read_text(encoding="utf-8"))
    options = TopicOptions(**document["options"])
    samples = [TopicSample(str(t), list(k), str(c), float(w)) for t, k, c, w in document["samples"]]
    model = train_topic_model(samples, options, str(document["fingerprint"]))
    fd, temp = tempfile.mkstemp(dir=model_file.parent, prefix=".topics-", suffix=".npz")
    os.close(fd)
    try:
        model.save(Path(temp))
        os.replace(temp, model_file)
    except BaseException:
        os.unlink(temp)
        raise
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
