"""The one upload validator: per kind, a good file is accepted; wrong content under a right extension, an
oversize file, an empty file and a zip bomb are refused with a Russian sentence — the bomb within a second."""

import io
import time
import zipfile

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.uploads import MB, UploadKind, validate_upload

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 32
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Фамилия", "Имя"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Дорожная карта")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    return zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            "ppt/presentation.xml": b"<presentation/>",
        }
    )


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refused(file, kind) -> str:
    with pytest.raises(ValidationError) as error:
        validate_upload(file, kind)
    return " ".join(error.value.messages)


GOOD = {
    UploadKind.SCAN: [("scan.pdf", PDF), ("scan.PNG", PNG), ("scan.jpg", JPG), ("scan.jpeg", JPG)],
    UploadKind.EVIDENCE: [
        ("order.pdf", PDF),
        ("protocol.docx", docx_bytes()),
        ("table.xlsx", xlsx_bytes()),
        ("slides.pptx", pptx_bytes()),
        ("old.doc", OLE),
        ("note.odt", odt_bytes()),
        ("photos.zip", zipped({"1.jpg": JPG})),
        ("list.txt", "Список участников".encode()),
        ("photo.png", PNG),
    ],
    UploadKind.SPREADSHEET: [("people.xlsx", xlsx_bytes())],
    UploadKind.ROADMAP: [
        ("plan.docx", docx_bytes()),
        ("plan.xlsx", xlsx_bytes()),
        ("plan.txt", "1\tСовещание\tсентябрь".encode()),
    ],
    UploadKind.PRACTICE: [("practice.pdf", PDF), ("lesson.mp4", MP4), ("deck.pptx", pptx_bytes())],
}
WRONG_CONTENT = {
    UploadKind.SCAN: [("scan.pdf", b"GIF89a" + b"\x00" * 20), ("scan.png", PDF), ("scan.jpg", b"text")],
    UploadKind.EVIDENCE: [
        ("protocol.docx", xlsx_bytes()),  # an Excel book renamed
        ("table.xlsx", b"plain text, not a book"),
        ("slides.pptx", zipped({"readme.txt": b"hello"})),  # a zip, but no presentation in it
        ("order.pdf", PNG),
        ("list.txt", PDF),
        ("photos.zip", PDF),
    ],
    UploadKind.SPREADSHEET: [("people.xlsx", docx_bytes()), ("people.xlsx", b"PK\x03\x04 broken")],
    UploadKind.ROADMAP: [("plan.docx", b"garbage"), ("plan.xlsx", PDF), ("plan.txt", PNG)],
    UploadKind.PRACTICE: [("practice.pdf", JPG), ("lesson.mp4", PDF), ("note.odt", xlsx_bytes())],
}


@pytest.mark.parametrize(
    ("kind", "name", "content"), [(k, n, c) for k, files in GOOD.items() for n, c in files]
)
def test_a_good_file_is_accepted_and_left_at_its_start(kind, name, content):
    file = upload(name, content)
    file.read(3)
    validate_upload(file, kind)
    assert file.tell() == 0 and file.read() == content


@pytest.mark.parametrize(
    ("kind", "name", "content"), [(k, n, c) for k, files in WRONG_CONTENT.items() for n, c in files]
)
def test_wrong_content_under_a_right_extension_is_refused(kind, name, content):
    message = refused(upload(name, content), kind)
    assert name in message and ("повреждён" in message or "это не" in message)


@pytest.mark.parametrize("kind", list(UploadKind))
def test_an_oversize_file_is_refused_before_it_is_read(kind):
    limit = kind.rule.max_bytes
    file = upload("big." + kind.rule.extensions[0], b"\x00" * (limit + 1))
    message = refused(file, kind)
    assert f"больше {limit // MB} МБ" in message
    assert kind.rule.help_text.endswith(f"до {limit // MB} МБ.")


@pytest.mark.parametrize("kind", list(UploadKind))
def test_an_empty_file_is_refused(kind):
    assert "пустой" in refused(upload("empty." + kind.rule.extensions[0], b""), kind)


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (UploadKind.SCAN, "scan.docx"),
        (UploadKind.EVIDENCE, "virus.exe"),
        (UploadKind.SPREADSHEET, "people.csv"),
        (UploadKind.ROADMAP, "plan.doc"),
        (UploadKind.PRACTICE, "noextension"),
    ],
)
def test_an_extension_the_kind_does_not_take_is_refused(kind, name):
    message = refused(upload(name, PDF), kind)
    assert "не принимаются" in message and str(kind.rule.what) in message


def _bomb(name: str, declared: int) -> bytes:
    """An office book whose one sheet unpacks into `declared` bytes of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open(name, "w", force_zip64=True) as entry:
            chunk = b"\x00" * MB
            for _ in range(declared // MB):
                entry.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb("xl/worksheets/sheet1.xml", 101 * MB)


@pytest.mark.parametrize(
    "kind", [UploadKind.EVIDENCE, UploadKind.SPREADSHEET, UploadKind.ROADMAP, UploadKind.PRACTICE]
)
def test_a_zip_bomb_is_refused_within_a_second(kind, bomb):
    assert len(bomb) < kind.rule.max_bytes  # small on the wire: only its unpacked size betrays it
    started = time.perf_counter()
    message = refused(upload("book.xlsx", bomb), kind)
    assert time.perf_counter() - started < 1.0
    assert "слишком большой объём" in message and "100 МБ" in message


def test_an_absurd_compression_ratio_is_refused_even_under_the_size_limit():
    content = _bomb("xl/worksheets/sheet1.xml", 8 * MB)  # 8 MB of zeros pack a thousand times
    assert "слишком большой объём" in refused(upload("book.xlsx", content), UploadKind.SPREADSHEET)


def test_a_real_book_of_ten_thousand_rows_is_not_taken_for_a_bomb():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Наставники")
    for number in range(10_000):
        sheet.append([f"Наставник{number}", "Иван", "Петрович", "Учитель", number, "+7 914 000-00-00"])
    buffer = io.BytesIO()
    book.save(buffer)
    validate_upload(upload("mentors.xlsx", buffer.getvalue()), UploadKind.SPREADSHEET)
