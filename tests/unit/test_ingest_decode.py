"""Decoding pages: byte-order marks, UTF-16 without one, declared charsets, binary refused."""

from __future__ import annotations

import codecs
import random
import struct
import zlib

import pytest

from trainwise.services.ingest import IngestError, RawDocument, declared_charset, decode, to_text

TEXT = ("Goblet Squat\n\nThe goblet squat trains your quadriceps and glutes — café-style form cues.\n\n"
        "- Hold the dumbbell at your chest.\n- Sit down between your heels.\n- Stand up.\n") * 3
BINARY = "binary file, not a text, Markdown or HTML page"


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
    TEXT.encode("utf-16"),  # the platform's byte order, with its BOM
    TEXT.encode("utf-32"),
], ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom", "utf16", "utf32"])
def test_byte_order_marks_decide_the_encoding(data: bytes) -> None:
    assert decode(RawDocument("page.txt", data, ".txt")) == TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec: str) -> None:
    assert decode(RawDocument("page.txt", TEXT.encode(codec), ".txt")) == TEXT


def test_utf16_page_goes_through_the_whole_pipeline() -> None:
    html = "<html><head><title>Goblet Squat</title></head><body>" + "".join(
        f"<p>{line}</p>" for line in TEXT.splitlines() if line) + "</body></html>"
    text = to_text(RawDocument("page.html", codecs.BOM_UTF16_LE + html.encode("utf-16-le"), ".html"))
    assert "Goblet Squat" in text and "dumbbell" in text


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\x00" + bytes(range(48)) for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf_without_nul() -> bytes:
    # Mostly ASCII: the old NUL and control-character checks let this through as text.
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" * 20


def _zip() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("page.txt", TEXT)
    return buf.getvalue()


@pytest.mark.parametrize("data", [
    _png(), _pdf_without_nul(), _zip(), random.Random(7).randbytes(4096), random.Random(8).randbytes(64),
    codecs.BOM_UTF16_LE + random.Random(9).randbytes(4096), codecs.BOM_UTF32_LE + random.Random(10).randbytes(4096),
    b"\x00\x01\x02\x03" * 100,
], ids=["png", "pdf", "zip", "random", "random-short", "bom16-random", "bom32-random", "nul-pattern"])
def test_real_binary_is_still_refused(data: bytes) -> None:
    with pytest.raises(IngestError) as info:
        decode(RawDocument("file.bin", data))
    assert str(info.value) == f"file.bin: {BINARY}"


LATIN1_PAGE = ('<html><head><meta charset="iso-8859-1"><title>Café squat</title></head>'
               "<body><p>Señor, crème brûlée.</p></body></html>")
POLISH = "Przysiad z hantlą: łopatki ściągnięte, kolana na zewnątrz."


def test_latin1_page_with_meta_charset() -> None:
    text = decode(RawDocument("page.html", LATIN1_PAGE.encode("latin-1"), ".html"))
    assert "Café squat" in text and "Señor, crème brûlée." in text


@pytest.mark.parametrize("meta", ['<meta charset="iso-8859-2">', "<meta charset=ISO-8859-2>",
                                  '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'])
def test_html_meta_charset_is_honoured(meta: str) -> None:
    page = f"<html><head>{meta}<title>Przysiad</title></head><body><p>{POLISH}</p></body></html>"
    assert POLISH in decode(RawDocument("page.html", page.encode("iso-8859-2"), ".html"))


def test_content_type_charset_is_honoured() -> None:
    page = f"<html><body><p>{POLISH}</p></body></html>".encode("cp1250")
    doc = RawDocument("https://example.org/p", page, "text/html; charset=windows-1250")
    assert POLISH in decode(doc)
    assert declared_charset(doc) == "cp1250"


def test_valid_utf8_wins_over_a_wrong_declaration_and_unknown_charsets_fall_back() -> None:
    page = f'<meta charset="iso-8859-2"><p>{POLISH}</p>'
    assert POLISH in decode(RawDocument("page.html", page.encode("utf-8"), ".html"))
    odd = '<meta charset="no-such-charset"><p>Café</p>'.encode("cp1252")
    assert "Café" in decode(RawDocument("page.html", odd, ".html"))
    assert declared_charset(RawDocument("p", b"", "text/html; charset=latin1")) == "cp1252"  # as browsers read it


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_read_like_unix_ones(newline: str) -> None:
    """A page saved on Windows (or pasted into a browser form, which sends CRLF) is read the same:
    front matter, headings and lists are found line by line."""
    from trainwise.domain.ingest import extract

    page = ("---\ntitle: \"Wall Sit Guide\"\nauthor: A. Coach\n---\n\n# Wall Sit\n\n"
            "The wall sit builds endurance in the quadriceps.\n\n## Steps\n\n"
            "1. Lean your back against a wall.\n2. Slide down until your knees are bent to 90 degrees.\n"
            "3. Hold the position, then stand up.\n")
    unix = extract(to_text(RawDocument("p.md", page.encode(), ".md")), "p.md")
    other = extract(to_text(RawDocument("p.md", page.replace("\n", newline).encode(), ".md")), "p.md")
    assert decode(RawDocument("p.md", page.replace("\n", newline).encode())) == page
    assert other.title == unix.title == "Wall Sit"
    assert [e.steps for e in other.exercises] == [e.steps for e in unix.exercises]
