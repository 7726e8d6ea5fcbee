"""What a file really is, judged by its content: refused when it is an archive or can act.

Citizens send photos, PDFs, Word documents and voice notes. Some files can do things when a
caseworker opens them, and the console's staff are the ones who open them:

- **Archives** (zip, rar, 7z, gzip, tar, cab): their contents cannot be checked here, and
  zip files with ``.exe``/``.bat`` inside were accepted before. Refused (``archive``).
- **Office documents** are zip (``.docx``) or OLE (``.doc``) containers: a ``.docx`` must
  look like one (``[Content_Types].xml`` and ``word/``) and carry no macros, ActiveX or
  embedded objects; an OLE file must be a Word document (a ``WordDocument`` stream) without
  macros (``_VBA_PROJECT``/``Macros``) or packaged objects. Installers (.msi) and other OLE
  files are refused (``active_content``).
- **PDFs** with ``/JavaScript``, ``/JS``, ``/OpenAction``, ``/AA``, ``/Launch``,
  ``/EmbeddedFile``, ``/RichMedia`` or ``/XFA`` (names also matched with ``#xx`` escapes
  decoded, and inside compressed object streams, inflated up to a bound) are refused.
- **Executables and markup** (PE, ELF, Mach-O, scripts, HTML, SVG) are refused.

Pure functions over bytes; they run in a thread before the upload's transaction opens.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import puremagic

from backend.services.attachments import ALLOWED, AttachmentRejected

ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf'\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",  # cab
)
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|object|embed)\b|javascript:", re.IGNORECASE)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_ACTIVE = re.compile(
    rb"/(JavaScript|JS|OpenAction|AA|Launch|EmbeddedFile|RichMedia|XFA)(?![A-Za-z0-9])"
)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
INFLATE_LIMIT = 64 * 1024 * 1024  # bytes inflated per PDF at most (a zip bomb stops here)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_ACTIVE = ("vbaproject.bin", "activex", "embeddings/", "oleobject", ".exe", ".bat", ".js")


def _ole_entry(content: bytes, name: str) -> bool:
    """True when an OLE directory entry is called ``name`` (entries are 128-byte aligned:
    the name in UTF-16LE, then its byte length with the terminator at offset 64), so words
    in the document's own text never match."""
    needle = name.encode("utf-16-le") + b"\x00\x00"
    size = len(needle).to_bytes(2, "little")
    start = content.find(needle)
    while start != -1:
        if start % 128 == 0 and content[start + 64 : start + 66] == size:
            return True
        start = content.find(needle, start + 1)
    return False


def inspect(content: bytes) -> str:
    """The file's real MIME type when it may be accepted; raises ``AttachmentRejected``."""
    head = content[:1024]
    if content.startswith(ARCHIVE_MAGIC) or content[257:262] == b"ustar":
        raise AttachmentRejected("archive")
    if content.startswith(EXECUTABLE_MAGIC):
        raise AttachmentRejected("active_content")
    if content.startswith(b"PK\x03\x04") or content.startswith(b"PK\x05\x06"):
        return _office_zip(content)
    if content.startswith(OLE_MAGIC):
        return _ole(content)
    if content.startswith(b"%PDF") or b"%PDF-" in head:
        _pdf(content)
        return "application/pdf"
    mime = _sniff(content)
    if (mime is None or mime not in ALLOWED) and MARKUP.search(head):
        raise AttachmentRejected("active_content")
    if mime is None or mime not in ALLOWED:
        raise AttachmentRejected("bad_type")
    return mime


def _sniff(content: bytes) -> str | None:
    if content.startswith(b"#!AMR"):
        return "audio/amr"
    try:
        return str(puremagic.from_string(content, mime=True)) or None
    except puremagic.PureError:
        return None


def _office_zip(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = [n.lower() for n in archive.namelist()]
    except (zipfile.BadZipFile, ValueError, OSError):
        raise AttachmentRejected("bad_type") from None
    if "[content_types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise AttachmentRejected("archive")  # a plain zip (or another Office file)
    if any(marker in name for name in names for marker in ZIP_ACTIVE):
        raise AttachmentRejected("active_content")
    return DOCX_TYPE


def _ole(content: bytes) -> str:
    if not _ole_entry(content, "WordDocument"):
        raise AttachmentRejected("active_content")  # an installer (.msi) or other compound file
    for entry in ("_VBA_PROJECT", "Macros", "VBA", "\x01Ole10Native", "ObjectPool"):
        if _ole_entry(content, entry):
            raise AttachmentRejected("active_content")
    return "application/msword"


def _pdf(content: bytes) -> None:
    if _active_names(content):
        raise AttachmentRejected("active_content")
    budget = INFLATE_LIMIT
    for match in PDF_STREAM.finditer(content):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue  # not a Flate stream (images and the like)
        budget -= len(inflated)
        if _active_names(inflated):
            raise AttachmentRejected("active_content")
        if budget <= 0:
            raise AttachmentRejected("active_content")  # too much hidden to check
    return None


def _active_names(data: bytes) -> bool:
    plain = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    return PDF_ACTIVE.search(plain) is not None
