"""Masking personal data for the console: names 张*, phones 138****1234, IDs 110***********1234.

Staff see masked values by default; ``reveal`` shows one field and is audited. Free text in
the facts is scanned for phone and ID numbers too.
"""

from __future__ import annotations

import re
from typing import Any

from backend.privacy_masks import mask_text as mask_numbers_in_text

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_ID_NUMBER = re.compile(r"(?<![\dXx])(\d{3})(\d{11})(\d{3}[\dXx])(?![\dXx])")
_NAME_KEYS = ("name", "address")  # the application letter's address is masked like a name
_PHONE_KEYS = ("phone", "mobile", "tel", "contact_number")
_ID_KEYS = ("id_number", "id_card", "idcard", "identity")


def mask_name(value: str) -> str:
    """Keep the first character (the family name): 张三 → 张*."""
    value = value.strip()
    return value[:1] + "*" * max(1, len(value) - 1) if value else value


def mask_phone(value: str) -> str:
    """Keep the first three and last four digits: 13812341234 → 138****1234."""
    digits = value.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(value: str) -> str:
    """Keep the first three and last four characters: 110***********1234."""
    value = value.strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_text(text: str) -> str:
    """Mask phone and ID numbers that appear inside free text."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


def _masker(key: str) -> Any:
    lowered = key.lower()
    if any(k in lowered for k in _ID_KEYS):
        return mask_id_number
    if any(k in lowered for k in _PHONE_KEYS):
        return mask_phone
    if any(k in lowered for k in _NAME_KEYS):
        return mask_name
    return mask_numbers_in_text  # the fuller recogniser: bank cards and e-mail too


def mask_facts(value: Any, key: str = "") -> Any:
    """A copy of the facts with personal fields masked (by key name, then by pattern)."""
    if isinstance(value, dict):
        return {k: mask_facts(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_facts(v, key) for v in value]
    if isinstance(value, str):
        return _masker(key)(value)
    return value
