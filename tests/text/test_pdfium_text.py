# ruff: noqa: RUF001, RUF002  (Cyrillic and Greek sentences are the test data)
"""PDFium (Chromium's PDF viewer, and the text layer of every tool built on it: pypdfium2,
screen readers and indexers) reads back what every page says, with no stray characters.

PDFium reads a glyph whose ToUnicode entry is empty as its byte code (the code itself, or
the Mac Roman character of the code: `\\x04`, `#`, `ä`), where poppler, pypdf and
pdfminer.six read nothing; it leaves out a text object that draws no ink, and reads an
ActualText span instead of the glyphs inside it. So no glyph with ink may say nothing
outside an ActualText span: an Arabic letter's dots, which Noto Sans Arabic draws as
glyphs of their own, are drawn as part of their letter's glyph (docs/text.md, "What
PDFium reads"). The sentences are those of tests/text/test_text_layer.py."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from bisect import bisect_left
from pathlib import Path

import pytest

from .test_text_layer import (
    _BIDI_MARKS,
    _drawn_alone,
    _not_read_back,
    _to_unicode,
    build_each_sample_output,
    sentence_pdfs,  # noqa: F401  (the fixture: the specimen and the sentences, every language)
)


def _pdfium_pages(path: Path) -> list[tuple[str, int]]:
    """PDFium's text of each page, and how many of its characters PDFium found no
    Unicode for (it then reads the byte code), but codes 2 and 3, which it leaves out of
    the text (``IsControlChar``: the blank after a line's hyphen)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    document = pdfium.PdfDocument(str(path))
    try:
        for page in document:
            textpage = page.get_textpage()
            unmapped = sum(raw.FPDFText_HasUnicodeMapError(textpage, i) == 1
                           and raw.FPDFText_GetUnicode(textpage, i) not in (2, 3)
                           for i in range(textpage.count_chars()))
            pages.append((textpage.get_text_range(), unmapped))
    finally:
        document.close()
    return pages


# PDFium's bidi turns paired punctuation of right-to-left text round (CPDF_TextPage: the
# mirror of each character of a right-to-left piece), quotation marks among them, which
# Unicode does not mirror: it reads Chromium's own PDF of Hebrew `„בלי שאלות”` (Print to
# PDF, Chromium 156) as `„בלי שאלות“` too.
_PDFIUM_MIRRORS = dict(zip("()[]{}«»‹›“”‘’", ")(][}{»«›‹”“’‘", strict=True))


def _stray(read: str, source: str, rtl: bool = False) -> list[str]:
    """The characters PDFium read that the source does not have (whitespace and bidi marks
    aside: PDFium makes line breaks and spaces of gaps). U+FFFE, which PDFium gives for a
    hyphen it takes for a word broken at a line's end, is one. ``rtl``: a right-to-left
    page, where the mirror of a paired punctuation mark the source has is not stray."""
    read = unicodedata.normalize("NFC", read)
    source = unicodedata.normalize("NFC", source)
    if rtl:
        source += "".join(_PDFIUM_MIRRORS.get(c, "") for c in source)
    return sorted(f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip()
                  for c in set(read) - set(source)
                  if not c.isspace() and not _BIDI_MARKS.match(c))


def _letters(text: str) -> list[str]:
    """The letters and digits of ``text`` (NFC), sorted: what must all come out once."""
    text = unicodedata.normalize("NFC", text)
    return sorted(c for c in text if unicodedata.category(c)[0] in "LN")


@pytest.mark.parametrize("sentences", ["sentences", "specimen"])
def test_pdfium_reads_no_stray_characters(engine, sentence_pdfs, sentences):  # noqa: F811
    """Every page of every language: no character PDFium reads that the page's strings do
    not have, and none it reads as a byte code for want of Unicode. Arabic-script pages
    read `\\x04`, `#`, `!`, `ä` for the dots of ب, ت, ي ... and the parts of Nastaliq
    letters. Each letter and digit set on the page comes out exactly once (PDFium still
    orders a right-to-left line by its own rules: marks may come out before their
    letters)."""
    path, entries, set_lines = sentence_pdfs[sentences]
    pages = _pdfium_pages(path)
    failures = []
    for lang, entry in entries.items():
        read, unmapped = pages[entry.page]
        lines = [line for line in set_lines[lang] if line != lang]
        stray = _stray(read, "".join(lines) + lang, engine.config.language(lang).rtl)
        if stray or unmapped:
            failures.append(f"{lang}: stray {stray}, {unmapped} characters without Unicode;"
                            f" got {read[:120]!r}")
        if _letters(read) != _letters(" ".join(lines) + lang):
            failures.append(f"{lang}: letters and digits not read once each:"
                            f" {''.join(_letters(read))[:80]!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("sentences", ["sentences", "specimen"])
def test_pdfium_reads_left_to_right_lines_back(engine, sentence_pdfs, sentences):  # noqa: F811
    """Left to right, PDFium reads every line as set (Thai, Burmese, Khmer and Devanagari
    through the runs' ActualText spans; ligatures, CJK, Korean spaces through the glyphs'
    own entries)."""
    path, entries, set_lines = sentence_pdfs[sentences]
    pages = _pdfium_pages(path)
    failures = []
    for lang, entry in entries.items():
        if engine.config.language(lang).rtl:
            continue
        lines = [line for line in set_lines[lang] if line != lang]
        missing = _not_read_back(lines, pages[entry.page][0])
        if missing:
            failures.append(f"{lang}: {len(missing)} of {len(lines)} lines not read back:"
                            f" {missing[:2]!r}")
    assert not failures, "\n".join(failures)


def _silent_inked_codes(font, cache: dict) -> set[int]:
    """The codes of a font subset whose ToUnicode entry is empty and whose glyph has
    outlines (fontTools on the embedded program)."""
    from fontTools.ttLib import TTFont

    key = font.objgen
    if key not in cache:
        program = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
        cmap = program["cmap"].tables[0].cmap
        glyf = program["glyf"]
        cache[key] = {code for code, text in _to_unicode(font.ToUnicode.read_bytes()).items()
                      if text == "" and code in cmap and glyf[cmap[code]].numberOfContours}
    return cache[key]


def _silent_inked_glyphs(path: Path) -> list[str]:
    """Glyphs drawn outside every ActualText span that have ink and say nothing: an
    independent check of the content streams (pikepdf) and embedded fonts (fontTools)."""
    import pikepdf

    found = []
    with pikepdf.open(path) as pdf:
        cache: dict = {}
        for number, page in enumerate(pdf.pages):
            fonts = page.Resources.get("/Font") or {}
            spans: list[bool] = []  # for each open marked-content sequence: ActualText?
            silent: set[int] = set()
            name = None
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" and len(operands) > 1 else None
                    spans.append(isinstance(props, pikepdf.Dictionary)
                                 and "/ActualText" in props)
                elif op == "EMC" and spans:
                    spans.pop()
                elif op == "Tf":
                    name = str(operands[0])
                    font = fonts.get(name)
                    silent = (_silent_inked_codes(font, cache)
                              if font is not None and "/ToUnicode" in font else set())
                elif op in ("Tj", "TJ", "'", '"') and not any(spans):
                    strings = operands[-1] if op == "TJ" else [operands[-1]]
                    for string in strings:
                        if isinstance(string, pikepdf.String):
                            found += [f"page {number + 1} {name} code {code:#04x}"
                                      for code in bytes(string) if code in silent]
    return found


def test_no_glyph_with_ink_says_nothing_outside_a_span(sentence_pdfs):  # noqa: F811
    """Every code drawn outside an ActualText span whose ToUnicode entry is empty draws a
    glyph without outlines (a bridge, a zero-width non-joiner's blank), which PDFium leaves
    out: the dots of Arabic letters are drawn with their letters."""
    failures = [f"{path.name} {found}" for path, _entries, _lines in sentence_pdfs.values()
                for found in _silent_inked_glyphs(path)]
    assert not failures, "\n".join(failures[:20])


@pytest.fixture(scope="module")
def right_to_left_sample(engine, tmp_path_factory):
    """The sample campaign's poster and tri-fold in its right-to-left languages, with the
    lines the text engine set on each."""
    from posters.render import pdf

    out = tmp_path_factory.mktemp("sample-rtl")
    lines: list[str] = []
    draw = pdf.draw_set_text

    def recording_draw(canvas, set_text, *args, **kwargs):
        lines.extend(line.text for line in set_text.lines if line.text.strip())
        return draw(canvas, set_text, *args, **kwargs)

    set_lines: dict[Path, list[str]] = {}
    pdf.draw_set_text = recording_draw
    try:
        for paths in build_each_sample_output(
                engine, out, ("poster", "trifold"), lines.clear,
                wanted=lambda lang: engine.config.language(lang).rtl):
            for path in paths:
                set_lines[path] = list(lines)
    finally:
        pdf.draw_set_text = draw
    return set_lines


def test_pdfium_reads_the_right_to_left_sample_without_stray_characters(right_to_left_sample):
    """The sample's Arabic and Persian poster and tri-fold: PDFium read `شر` / `ب` /
    `\\x04` / `بال` for الاتجار بالبشر. Each letter and digit set comes out once."""
    assert right_to_left_sample
    failures = []
    for path, lines in right_to_left_sample.items():
        pages = _pdfium_pages(path)
        read = "\n".join(text for text, _ in pages)
        unmapped = sum(n for _, n in pages)
        stray = _stray(read, "".join(lines), rtl=True)
        if stray or unmapped:
            failures.append(f"{path.parent.name}/{path.name}: stray {stray}, {unmapped}"
                            f" characters without Unicode")
        if _letters(read) != _letters(" ".join(lines)):
            failures.append(f"{path.parent.name}/{path.name}: letters and digits not read"
                            f" once each")
        # the words with a zero-width non-joiner (Persian می‌کنید), read whole
        source = unicodedata.normalize("NFC", " ".join(lines))
        joined = set(re.findall(r"\w+(?:\u200c\w+)+", source))
        unread = sorted(w for w in joined if w not in unicodedata.normalize("NFC", read))
        if unread:
            failures.append(f"{path.parent.name}/{path.name}: {len(unread)} of {len(joined)}"
                            f" words with a non-joiner not read: {unread[:3]!r}")
    assert not failures, "\n".join(failures)


def _outline_points(path: Path) -> list[tuple[float, float]]:
    """Every outline point of the page's glyphs where it is drawn (points), as poppler's
    cairo backend traces them (pdftocairo -svg: a symbol per glyph, placed by <use>)."""
    from lxml import etree

    svg = subprocess.run(["pdftocairo", "-svg", str(path), "-"], check=True,
                         capture_output=True).stdout
    root = etree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    glyphs = {}
    for symbol in root.iter(ns + "symbol"):
        numbers = []
        for outline in symbol.iter(ns + "path"):
            # a path ends by moving back to where its last contour started: not a point
            d = re.sub(r"Z\s*M\s*\S+\s+\S+\s*$", "Z", outline.get("d", "").strip())
            numbers += [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
        glyphs[symbol.get("id")] = list(zip(numbers[0::2], numbers[1::2], strict=False))
    points = []
    for use in root.iter(ns + "use"):
        x, y = float(use.get("x")), float(use.get("y"))
        points += [(px + x, py + y)
                   for px, py in glyphs.get(use.get("{http://www.w3.org/1999/xlink}href")[1:], [])]
    return sorted(points)


def _unmatched(a: list[tuple[float, float]], b: list[tuple[float, float]],
               tolerance: float) -> int:
    """How many points of ``a`` have no point of ``b`` of their own within ``tolerance``."""
    used = [False] * len(b)
    missing = 0
    for x, y in a:
        i = bisect_left(b, (x - tolerance, float("-inf")))
        while i < len(b) and b[i][0] <= x + tolerance:
            if not used[i] and abs(b[i][1] - y) <= tolerance:
                used[i] = True
                break
            i += 1
        else:
            missing += 1
    return missing


@pytest.mark.skipif(shutil.which("pdftocairo") is None, reason="pdftocairo is not installed")
@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "الاتجار بالبشر يمكن أن يحدث لأي شخص! قد يُجبَر الأطفال أو يُستدرَجون"),
    ("fa", "بیش از ۳۰٪ قربانیان تبعهٔ خارجی بودند؛ پژوهش می‌کنید"),
    ("ur", "اگر آپ کو لگتا ہے کہ آپ یا کوئی اور متاثرہ ہے"),
])
def test_dots_drawn_with_their_letter_stay_where_they_were(engine, tmp_path, monkeypatch,
                                                           lang, text):
    """A letter and its dots drawn as one glyph ink the same outlines, at the same places,
    as the two glyphs drawn apart (within 0.02 pt: the outline grid of FreeType, which
    traces both), and the page has no glyph with ink that says nothing."""
    from posters.render import text as drawing

    joined = _drawn_alone(engine, tmp_path / "joined.pdf", text, lang, 24)
    monkeypatch.setattr(drawing, "join_silent_glyphs", lambda run, font: run)
    drawing._plans.clear()
    apart = _drawn_alone(engine, tmp_path / "apart.pdf", text, lang, 24)
    assert _silent_inked_glyphs(apart), "the font draws no dots apart: nothing tested"
    assert not _silent_inked_glyphs(joined)
    drawn, before = _outline_points(joined), _outline_points(apart)
    assert len(drawn) == len(before)
    assert _unmatched(before, drawn, 0.02) == 0


class _Font:
    """What join_silent_glyphs asks of a DrawFont: glyphs 1-9 have ink, 0 none; glyph
    texts as glyph_texts would give them (``said``); joined glyphs numbered from 100."""

    upem = 1000

    def __init__(self, said: dict[tuple[str, tuple[int, ...]], list[str]]):
        self.said, self.joined = said, {}

    def cluster_texts(self, text, gids):
        return self.said[(text, gids)], False

    def inked(self, gid):
        return gid != 0

    def joined_glyph(self, parts):
        return self.joined.setdefault(parts, 100 + len(self.joined))


def _rtl_run(glyphs, clusters, text):
    from posters.text.model import FontRef, Glyph, GlyphRun

    return GlyphRun(font=FontRef(Path("x.ttf"), "X"), bold=False, size=10.0, color=None,
                    rtl=True, text=text, x=0.0, width=sum(g[1] for g in glyphs),
                    glyphs=tuple(Glyph(*g) for g in glyphs), clusters=clusters)


def test_silent_glyphs_join_the_glyph_that_says_their_cluster():
    """Visual order, left to right: a cluster whose glyph 7 says it and whose glyph 6,
    with ink and an advance of its own, says nothing; one whose glyph 5 says it, with a
    blank (0) that says nothing; ب (3) with its dot (4) below; ت (1) with its two dots
    (2) 1.5 pt right of its origin and 6 pt up. Only the dots are joined, each at its
    offset from its letter's origin in font units; a blank stays (PDFium leaves it out),
    and so does a glyph that takes room (joined, it would move the pen)."""
    from posters.render.textlayer import join_silent_glyphs

    glyphs = [(6, 3, 2.0, 0.0, 0.0), (7, 3, 3.0, 0.0, 0.0),
              (0, 2, 0.0, 0.0, 0.0), (5, 2, 3.0, 0.0, 0.0),
              (4, 1, 0.0, 2.5, -3.0), (3, 1, 8.0, 0.0, 0.0),
              (2, 0, 0.0, 1.5, 6.0), (1, 0, 9.0, 0.0, 0.0)]
    clusters = (("y", (0, 1)), ("x", (2, 3)), ("ب", (4, 5)), ("ت", (6, 7)))
    font = _Font({("y", (7, 6)): ["y", ""], ("x", (5, 0)): ["x", ""],
                  ("ب", (3, 4)): ["ب", ""], ("ت", (1, 2)): ["ت", ""]})
    run = join_silent_glyphs(_rtl_run(glyphs, clusters, "تبxy"), font)
    assert [g.gid for g in run.glyphs] == [6, 7, 0, 5, 100, 101]
    assert font.joined == {((3, 0, 0), (4, 250, -300)): 100, ((1, 0, 0), (2, 150, 600)): 101}
    assert run.clusters == (("y", (0, 1)), ("x", (2, 3)), ("ب", (4,)), ("ت", (5,)))
    assert [g.x_advance for g in run.glyphs] == [2.0, 3.0, 0.0, 3.0, 8.0, 9.0]


def test_marks_said_by_their_letter_stay_for_the_reading_spans():
    """رًّ drawn as ر (1, saying the letter and its marks) and the shadda-with-tanween's
    glyphs (2, 3): on a line that keeps to the baseline the marks' glyphs go in a reading
    span (render/text.py _letter_with_marks), which PDFium reads instead; in a Nastaliq
    cascade (a letter off the baseline) there are none, and they are joined."""
    from posters.render.textlayer import join_silent_glyphs

    said = {("رًّ", (1, 2, 3)): ["رًّ", "", ""], ("ب", (4,)): ["ب"]}
    flat = [(3, 0, 0.0, 1.0, 5.0), (2, 0, 0.0, 1.0, 3.0), (1, 0, 6.0, 0.0, 0.0),
            (4, 1, 7.0, 0.0, 0.0)]
    clusters = (("رًّ", (0, 1, 2)), ("ب", (3,)))
    run = _rtl_run(flat, clusters, "بر")
    assert join_silent_glyphs(run, _Font(said)) is run
    cascade = [*flat[:3], (4, 1, 7.0, 0.0, 2.0)]  # the letter before, set off the baseline
    joined = join_silent_glyphs(_rtl_run(cascade, clusters, "بر"), _Font(said))
    assert [g.gid for g in joined.glyphs] == [100, 4]


# Sentences whose words hold a hyphen, in languages that write one (none of them in the
# sample): set narrow enough, some line of each ends with its hyphen.
_HYPHENATED = {
    "en": "A well-known, day-to-day, self-employed, long-term helper answers free-of-charge.",
    "ru": "Кто-нибудь где-то по-русски когда-нибудь скажет что-то из ёлки-палки.",
    "uk": "Будь-який українсько-англійський перекладач допоможе будь-коли.",
    "el": "Η σύνδεση Αθήνα-Θεσσαλονίκη και η γραμμή Πάτρα-Κόρινθος είναι ανοιχτή.",
    "de": "Baden-Württemberg und Nordrhein-Westfalen bieten Ein-Euro-Beratung an.",
}


def _set_at(engine, text: str, lang: str, width: float):
    from posters.text import Span, TextStyle

    return engine.fit([Span(text)], lang, TextStyle(size=14, min_size=14), width, 2000)


def _hyphen_pages(engine, path: Path) -> list[tuple[str, list[str]]]:
    """Each hyphenated sentence, set at the first two widths from 80 to 300 pt (10 pt
    apart) at which a line ends with a hyphen, a page each: (language, the lines set)."""
    from reportlab.pdfgen.canvas import Canvas

    from posters.render.fonts import font_name
    from posters.render.text import draw_set_text
    from posters.text.model import TextOverflowError

    canvas = Canvas(str(path), initialFontName=font_name(engine.base_font()))
    pages = []
    for lang, text in _HYPHENATED.items():
        for width in range(80, 301, 10):
            try:
                set_text = _set_at(engine, text, lang, width)
            except TextOverflowError:  # a word wider than the box
                continue
            lines = [line.text for line in set_text.lines]
            if not any(line.endswith("-") for line in lines[:-1]):
                continue
            if sum(done == lang for done, _ in pages) == 2:
                break
            draw_set_text(canvas, set_text, 20, 800)
            canvas.showPage()
            pages.append((lang, lines))
    canvas.save()
    return pages


def test_pdfium_reads_a_hyphen_at_a_line_end(engine, tmp_path):
    """A line that ends with a hyphen (Latin, Cyrillic, Greek): PDFium reads the hyphen
    and the line break, where it gave U+FFFE and joined the two lines' words (`кто\ufffe`
    `нибудь`: CPDF_TextPage::IsHyphen takes a hyphen after a letter, before a line that
    starts with a letter or digit, for a word broken there). Every line reads back."""
    path = tmp_path / "hyphens.pdf"
    pages = _hyphen_pages(engine, path)
    assert {lang for lang, _ in pages} == set(_HYPHENATED), "no line ends with a hyphen"
    failures = []
    for (lang, lines), (read, unmapped) in zip(pages, _pdfium_pages(path), strict=True):
        if "\ufffe" in read or unmapped:
            failures.append(f"{lang}: {read!r}")
        missing = _not_read_back(lines, read)
        if missing:
            failures.append(f"{lang}: not read back {missing!r} in {read!r}")
        broken = [line for line in read.split("\r\n") if line.endswith("-")]
        if len(broken) < sum(line.endswith("-") for line in lines[:-1]):
            failures.append(f"{lang}: a line's hyphen not read before its line break {read!r}")
    assert not failures, "\n".join(failures[:10])


def test_other_readers_read_the_hyphenated_lines_as_before(engine, tmp_path, monkeypatch):
    """The blank after a line's hyphen (render/text.py _ended_for_pdfium) says nothing to
    pdftotext (default and -raw), pypdf and pdfminer.six: they read what they read
    without it, and nothing drawn changes."""
    from posters.render import text as drawing

    from .test_text_layer import READERS

    with_blank = _hyphen_pages(engine, tmp_path / "with.pdf")
    monkeypatch.setattr(drawing, "_ended_for_pdfium", lambda run, fonts: run)
    drawing._plans.clear()
    without = _hyphen_pages(engine, tmp_path / "without.pdf")
    drawing._plans.clear()
    assert with_blank == without
    for name, read in READERS.items():
        for page in range(len(without)):
            assert read(tmp_path / "with.pdf", page) == read(tmp_path / "without.pdf", page), (
                name, page)
    assert _rendered(tmp_path / "with.pdf") == _rendered(tmp_path / "without.pdf")


def _rendered(path: Path) -> list[bytes]:
    """Each page as poppler draws it at 50 dpi (pdftoppm), as raw pixels."""
    from PIL import Image

    out = path.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(out)], check=True)
    return [Image.open(png).convert("RGB").tobytes()
            for png in sorted(path.parent.glob(out.name + "-*.png"))]


def test_pdfium_reads_the_russian_sample_hyphen(engine, tmp_path):
    """The sample's Russian tri-fold breaks `кто-то` after its hyphen: PDFium read
    `кто\ufffeто`."""
    from posters.build import BuildRequest, build
    from tests.conftest import SAMPLE

    request = BuildRequest(SAMPLE, out_dir=tmp_path, languages=("ru",), formats=("trifold",),
                           sizes=("jis-b2",), regions=("generic",), gallery=False,
                           checks="none")
    result = build(request, engine)
    assert not result.failed, result
    [path] = result.paths("built")
    read = "\n".join(text for text, _ in _pdfium_pages(path))
    assert "кто-\r\nто" in read
    assert "\ufffe" not in read


@pytest.mark.parametrize("text", [
    "יותר מ-30% מהנפגעים",
    "כ-40% מהפניות הגיעו ב-2023.",
    "התקשרו ל-9110 בכל שעה",
])
def test_pdfium_reads_a_prefix_and_its_number_whole(engine, tmp_path, text):
    """Hebrew writes a prefix, a hyphen and a number (`מ-30%`, set right to left: the
    hyphen right of the digits); the number's reading span starts with a bridge that
    reaches its right end in one text object (render/text.py _number_spans), from whose
    end PDFium measures the gap to the prefix: it read `מ -30%`. pdftotext, pypdf and
    pdfminer.six read the sentence."""
    import pypdf

    from .test_text_layer import _pdfminer_layout, _squash, pdftotext

    path = _drawn_alone(engine, tmp_path / "he.pdf", text, "he", 24)
    [(read, unmapped)] = _pdfium_pages(path)
    assert _BIDI_MARKS.sub("", read).split() == text.split(), read
    assert not unmapped
    for other in (pdftotext(path, 0), pypdf.PdfReader(path).pages[0].extract_text(),
                  _pdfminer_layout(path, 0)):
        assert _squash(text) in _squash(other)


@pytest.mark.parametrize("text", [
    "پژوهش می‌کنید",
    "کتاب‌ها را نمی‌خوانم",
    "خانه‌ای بزرگ‌تر",
])
def test_pdfium_reads_the_zero_width_non_joiner(engine, tmp_path, text):
    """Persian's zero-width non-joiner is drawn as a blank glyph at the join, which
    PDFium left out (a text object whose glyph boxes have no width): `میکنید` for
    `می‌کنید`. With the space's copy with no advance after it in its string, PDFium reads
    it; pdftotext, pypdf and pdfminer.six read it as before."""
    import pypdf

    from .test_text_layer import _pdfminer_layout, pdftotext

    path = _drawn_alone(engine, tmp_path / "fa.pdf", text, "fa", 24)
    [(read, unmapped)] = _pdfium_pages(path)
    assert _BIDI_MARKS.sub("", read).split() == text.split(), read
    assert not unmapped
    for other in (pdftotext(path, 0), pypdf.PdfReader(path).pages[0].extract_text(),
                  _pdfminer_layout(path, 0)):
        assert text in unicodedata.normalize("NFC", _BIDI_MARKS.sub("", other)), other
