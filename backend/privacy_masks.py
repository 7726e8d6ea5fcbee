"""Masks for personal fields: what staff see until they click "reveal" (an audited action).

Pure functions, no I/O. ``mask_text`` also hides phone, ID and bank-card numbers written
inside free text (a complaint's story, a message), and the log filter uses the same patterns
as a last line of defence.
"""

from __future__ import annotations

import re

__all__ = [
    "PERSONAL_PATTERNS",
    "mask_address",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "mask_text",
]

STAR = "*"
# A number is personal only when it stands alone: letters or digits around it mean it is part
# of an id, a tracking number or a hash, which must stay readable.
_EDGE_L = r"(?<![0-9A-Za-z])"
_EDGE_R = r"(?![0-9A-Za-z])"
_SEP = r"[ \-\u2010-\u2015]?"
ID_NUMBER = re.compile(
    _EDGE_L + r"(\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx]|\d{15})" + _EDGE_R
)
MOBILE = re.compile(
    _EDGE_L + r"((?:\+?86[ \-]?)?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4})" + _EDGE_R
)
LANDLINE = re.compile(_EDGE_L + r"(0\d{2,3}[ \-]?\d{7,8})" + _EDGE_R)
BANK_CARD = re.compile(_EDGE_L + r"((?:\d[ ]?){15,18}\d)" + _EDGE_R)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

PERSONAL_PATTERNS: tuple[re.Pattern[str], ...] = (ID_NUMBER, BANK_CARD, MOBILE, LANDLINE)
# Full-width digits (and Ｘ) as typed on Chinese keyboards, folded before matching.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
_ADDRESS_UNITS = "省市区县旗镇乡街道路"


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def mask_phone(phone: str | None) -> str:
    """``13812341234`` → ``138****1234``; short numbers keep only their last two digits."""
    if not phone:
        return ""
    digits = _digits(phone)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) >= 11:
        return digits[:3] + STAR * (len(digits) - 7) + digits[-4:]
    if len(digits) >= 7:
        return STAR * (len(digits) - 4) + digits[-4:]
    return STAR * 3 + digits[-2:] if len(digits) > 4 else STAR * 3


def mask_id_number(id_number: str | None) -> str:
    """``110101199003071234`` → ``110***********1234``: region and birth date hidden."""
    if not id_number:
        return ""
    value = id_number.strip()
    if len(value) <= 7:
        return STAR * len(value)
    return value[:3] + STAR * (len(value) - 7) + value[-4:]


def mask_name(name: str | None) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``, ``John Smith`` → ``J*** S****``."""
    if not name:
        return ""
    value = name.strip()
    if " " in value:
        return " ".join(_mask_word(word) for word in value.split())
    return _mask_word(value)


def _mask_word(word: str) -> str:
    return word[0] + STAR * max(len(word) - 1, 1)


def mask_address(address: str | None) -> str:
    """Keep the administrative area (up to the last 省/市/区/县… early on), hide the rest."""
    if not address:
        return ""
    value = address.strip()
    head = value[:12]
    cut = max((head.rfind(unit) for unit in _ADDRESS_UNITS), default=-1)
    keep = cut + 1 if cut >= 1 else min(len(value) // 3, 6)
    return value[:keep] + STAR * 4 if keep < len(value) else value[:keep]


def mask_text(text: str | None) -> str:
    """Free text with phone, ID, bank-card numbers and e-mail addresses masked in place."""
    if not text:
        return ""
    masked = ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text.translate(_FULL_WIDTH))
    masked = BANK_CARD.sub(lambda m: mask_id_number(_digits(m.group(1))), masked)
    masked = MOBILE.sub(lambda m: mask_phone(m.group(1)), masked)
    masked = LANDLINE.sub(lambda m: mask_phone(m.group(1)), masked)
    return EMAIL.sub(lambda m: m.group(0)[0] + "***@" + m.group(0).split("@", 1)[1], masked)
