"""Personal data masked in everything the console shows, until an audited reveal.

The item's contact block was masked, but the transcript next to it carried the name, phone
and ID number verbatim: the citizen typed them in answer to the bot, and the bot's summary
echoed them back. ``mask_transcript`` masks each message the way a reader would:

- an answer to a personal question (the previous bot message asked ``name``, ``phone`` or
  ``id_number``) is masked as that field, and a name learnt that way, from the matter, or
  from the citizen introducing themselves anywhere ("我叫周大福", "姓名：周大福") is masked
  wherever it appears, the bot's own summary included;
- every text is passed through the recogniser for phone, ID-card and bank-card numbers
  (``backend.privacy_masks``), which also catches numbers typed inside a story.

Pure functions; the audited reveal is ``backend.staff.items.reveal(..., "transcript")``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from backend.privacy_masks import mask_id_number, mask_name, mask_phone, mask_text

PERSONAL_ASKS = {"name": mask_name, "phone": mask_phone, "id_number": mask_id_number}
TEXT_FIELDS = ("text", "label")
MIN_NAME = 2  # a one-character "name" would mask every occurrence of that character
# "My name is …" in the citizen's own words (not 我是…: 我是农民工 is not a name).
SELF_NAMED = re.compile(
    r"(?:我叫|我的名字[是叫]|名字[是叫:：]|姓名[是:：]?)\s*([\u4e00-\u9fa5]{2,4}?)(?=[，,。.；;、\s]|电话|手机|身份证|$)"
)


def names_answered(messages: Iterable[dict[str, Any]]) -> set[str]:
    """Names the citizen typed in answer to the bot's name question."""
    names, asked = set(), None
    for message in messages:
        text = str(message.get("text") or "")
        if message.get("direction") == "in" and asked == "name":
            names.add(text.strip())
        if message.get("direction") == "in":
            names.update(m.group(1) for m in SELF_NAMED.finditer(text))
        asked = message.get("ask") if message.get("direction") == "out" else None
    return {n for n in names if len(n) >= MIN_NAME}


def mask_free_text(text: str, names: Iterable[str] = ()) -> str:
    """Numbers recognised and known names masked inside ``text``."""
    masked = mask_text(text)
    for name in sorted(names, key=len, reverse=True):
        masked = masked.replace(name, mask_name(name))
    return masked


def mask_names(value: Any, names: Iterable[str]) -> Any:
    """A copy of ``value`` (facts: dicts, lists, strings) with known names masked in strings."""
    known = [n for n in names if n and len(n) >= MIN_NAME]
    if isinstance(value, dict):
        return {k: mask_names(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_names(v, known) for v in value]
    if isinstance(value, str):
        for name in sorted(known, key=len, reverse=True):
            value = value.replace(name, mask_name(name))
    return value


def mask_transcript(
    messages: list[dict[str, Any]], known_names: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Copies of the transcript entries with personal data masked (see the module doc)."""
    names = {n for n in known_names if n and len(n) >= MIN_NAME} | names_answered(messages)
    masked, asked = [], None
    for message in messages:
        copy = dict(message)
        field_mask = PERSONAL_ASKS.get(str(asked)) if message.get("direction") == "in" else None
        for key in TEXT_FIELDS:
            value = copy.get(key)
            if isinstance(value, str) and value:
                copy[key] = field_mask(value) if field_mask else mask_free_text(value, names)
        if copy.get("attachments"):
            copy["attachments"] = [_file_entry(a) for a in copy["attachments"]]
        masked.append(copy)
        asked = message.get("ask") if message.get("direction") == "out" else None
    return masked


def _file_entry(entry: Any) -> Any:
    """A file named by the citizen may carry a name or number in its file name."""
    if isinstance(entry, dict) and isinstance(entry.get("name"), str):
        return {**entry, "name": mask_text(entry["name"])}
    return entry
