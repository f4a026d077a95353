"""Helpers for reading printed documents back the way a reader (or a leak) would see them."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class ReadPdf:
    """The text of each page, the metadata and the fonts of a built PDF."""

    pages: list[str]
    metadata: dict[str, str]
    fonts: set[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """All text on one line, single spaces: a phrase wrapped in a table cell still matches."""
        return re.sub(r"\s+", " ", self.text.replace("\u00a0", " "))


def read_pdf(data: bytes) -> ReadPdf:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    fonts: set[str] = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.add(str(ref.get_object()["/BaseFont"]))
    meta = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    return ReadPdf([p.extract_text() for p in reader.pages], meta, fonts)
