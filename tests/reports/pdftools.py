"""Reading PDFs in tests: text (pypdf and pdftotext) and the embedded fonts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

from pypdf import PdfReader

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"[ \t]+", " ", text)


def pdftotext(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        return pdf_text(data)
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"[ \t]+", " ", page.extract_text() or "") for page in reader.pages]


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def fonts(data: bytes) -> dict[str, bool]:
    """BaseFont name → whether a font program (FontFile, FontFile2 or FontFile3) is embedded."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        if not resources or "/Font" not in resources:
            continue
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descriptors = []
            if "/FontDescriptor" in font:
                descriptors.append(font["/FontDescriptor"].get_object())
            for descendant in font.get("/DescendantFonts", []):
                descendant = descendant.get_object()
                if "/FontDescriptor" in descendant:
                    descriptors.append(descendant["/FontDescriptor"].get_object())
            embedded = any(
                key in descriptor
                for descriptor in descriptors
                for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded
    return found


def squashed(text: str) -> str:
    """The text with no white space at all, the zero-width breaks and the hyphens at the end of a wrapped
    line gone: where a table cell wraps depends on the width of its columns, which depends on the data (the
    generated names of a test), so a phrase is looked for in this form."""
    text = text.replace("\u200b", "").replace("\u00ad", "")
    text = re.sub(r"(?<=[а-яёa-z])-\s+(?=[а-яёa-z])", "", text)
    return re.sub(r"\s+", "", text)


def has_text(text: str, phrase: str) -> bool:
    """Whether `phrase` is in `text`, wherever the lines of either wrap (see `squashed`)."""
    return squashed(phrase) in squashed(text)
