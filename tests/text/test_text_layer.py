# ruff: noqa: RUF001, RUF002  (sentences in many scripts are the test data)
"""Every extractor reads back, in logical order, every line set in every supported
language: pdftotext (its default reading-order mode and -raw), pypdf and pdfminer.six
(in content order, pdf2txt -n, and with its layout analysis, extract_text's default), from
the glyphs' ToUnicode maps alone where the extractor ignores ActualText. Whitespace is compared as a
reader sees it: a run of spaces and line breaks is one space, and no space may come out
where the source has none (ឆ្នា ំ for ឆ្នាំ).
No private-use or compatibility code point that the source does not have may come out
(Kangxi radicals, presentation forms, ligatures).

The sentences are the specimen's and tests/text/data/sentences.yaml (not in the sample);
POSTERS_TEXT_SENTENCES=file.yaml substitutes other sentences of the same shape."""

from __future__ import annotations

import io
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml

from posters.render.fonts import font_name
from posters.render.specimen import build_specimen
from posters.render.text import draw_set_text
from posters.render.textlayer import glyph_texts
from posters.text.specimen import set_specimen, specimen_texts

from .conftest import pdftotext

SENTENCES = Path(__file__).parent / "data" / "sentences.yaml"
_BIDI_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _sentence_sets() -> dict[str, tuple[str, dict]]:
    sets = {"specimen": specimen_texts()}
    path = Path(os.environ.get("POSTERS_TEXT_SENTENCES") or SENTENCES)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sets[path.stem] = (data["url"], data["texts"])
    return sets


SETS = _sentence_sets()


def _as_read(text: str) -> str:
    """NFC without bidi marks, each run of whitespace one space: what a reader compares.
    Extractors join wrapped lines with a space or a line break; neither may split a word."""
    text = unicodedata.normalize("NFC", _BIDI_MARKS.sub("", text))
    return " ".join(text.split())


def _not_read_back(lines: list[str], extracted: str) -> list[str]:
    """The lines (as set, one per line of the page) that ``extracted`` does not hold."""
    read = _as_read(extracted)
    return [line for line in lines if _as_read(line) not in read]


def _squash(text: str) -> str:
    """NFC without whitespace and bidi marks: extractors join wrapped lines differently."""
    text = unicodedata.normalize("NFC", _BIDI_MARKS.sub("", text))
    return "".join(text.split())


def _foreign(extracted: str, source: str) -> set[str]:
    """Private-use and compatibility characters that the source does not have."""
    return {
        f"U+{ord(c):04X} {unicodedata.name(c, '')}"
        for c in set(extracted) - set(source)
        if unicodedata.category(c) == "Co" or unicodedata.decomposition(c).startswith("<")
    }


def _pdfminer(path: Path, page: int) -> str:
    """pdfminer.six's text of one page in content order (pdf2txt -n)."""
    from pdfminer.converter import TextConverter
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    out = io.StringIO()
    manager = PDFResourceManager()
    device = TextConverter(manager, out, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    with open(path, "rb") as fh:
        for i, pdf_page in enumerate(PDFPage.get_pages(fh)):
            if i == page:
                interpreter.process_page(pdf_page)
    device.close()
    return out.getvalue()


def _pdfminer_layout(path: Path, page: int) -> str:
    """pdfminer.six's text of one page with its layout analysis (extract_text's default
    LAParams): lines built from characters near each other in content order. It split
    lines at two zero-width marks in a row (ผู้), at the left-to-right stretches of a
    right-to-left line (من 30%) and where Nastaliq climbs more than half an em: the
    renderer's spacing and raised copies (render/text.py _spacing_copies)."""
    from pdfminer.high_level import extract_text

    return extract_text(path, page_numbers=[page])


def _pypdf(path: Path, page: int) -> str:
    import pypdf

    return pypdf.PdfReader(path).pages[page].extract_text()


READERS = {
    # pdftotext's default mode orders by position and reverses what it takes for visual
    # order in right-to-left lines
    "pdftotext": lambda path, page: pdftotext(path, page),
    "pdftotext-raw": lambda path, page: pdftotext(path, page, raw=True),
    "pypdf": _pypdf,
    "pdfminer": _pdfminer,
    "pdfminer-layout": _pdfminer_layout,
}
# pdftotext -raw keeps the content stream's order and starts a new line wherever a word
# lies left of the one before it: right-to-left text in logical order comes out one
# glyph per line (and in visual order it would read backwards). Its right-to-left lines
# are compared without whitespace.
_RAW_LEFT_TO_RIGHT_ONLY = {"pdftotext-raw"}


def _missing(reader: str, rtl: bool, lines: list[str], extracted: str) -> list[str]:
    if rtl and reader in _RAW_LEFT_TO_RIGHT_ONLY:
        squashed = _squash(extracted)
        return [line for line in lines if _squash(line) not in squashed]
    if reader == "pdftotext":
        # it joins a word hyphenated at a line end without the hyphen, and takes an
        # ideographic space for a gap between columns
        lines = [part for line in lines for part in line.removesuffix("-").split("\u3000")]
    return _not_read_back(lines, extracted)


def _usable_languages(engine) -> list[str]:
    """Every configured language whose fonts are on this machine."""
    from posters.text.config import FontConfigError

    usable = []
    for lang in list(engine.config.languages):
        try:
            engine.config.language(lang)
        except FontConfigError:
            continue
        usable.append(lang)
    return usable


@pytest.fixture(scope="session")
def sentence_pdfs(engine, tmp_path_factory):
    """The specimen in every configured language (the text engine's own specimen, then
    posters/data/specimen-drafts.yaml's drafts, then CLDR text:
    posters.languages.specimen_text), and the hand-written sentences in every language of
    the text engine's specimen."""
    from posters.languages import specimen_text

    out = {}
    own = set(specimen_texts()[1])
    for name, (url, texts) in SETS.items():
        if name == "specimen":
            languages = _usable_languages(engine)
            texts = {lang: specimen_text(lang) for lang in languages}
        else:
            missing = own - set(texts)
            assert not missing, f"{name}: no sentences for {sorted(missing)}"
            languages = [lang for lang in _usable_languages(engine) if lang in texts]
        path = tmp_path_factory.mktemp("textlayer") / f"{name}.pdf"
        entries = build_specimen(path, engine=engine, per_page=1, texts=(url, texts),
                                 languages=languages)
        pages, _ = set_specimen(languages, engine, 1, (url, texts))
        lines = {e.lang: [line.text for placed in pages[e.page]
                          for line in placed.set_text.lines if line.text.strip()]
                 for e in entries}
        out[name] = (path, {e.lang: e for e in entries}, lines)
    return out


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("sentences", sorted(SETS))
def test_every_language_reads_back(engine, sentence_pdfs, sentences, reader):
    path, entries, set_lines = sentence_pdfs[sentences]
    failures = []
    for lang, entry in entries.items():
        rtl = engine.config.language(lang).rtl
        text = READERS[reader](path, entry.page)
        lines = [line for line in set_lines[lang] if line != lang]  # the page's label
        missing = _missing(reader, rtl, lines, text)
        if missing:
            failures.append(f"{lang}: {len(missing)} of {len(lines)} lines not read back:"
                            f" {missing[:2]!r}; got {_as_read(text)[:200]!r}")
        foreign = _foreign(unicodedata.normalize("NFC", text), "".join(entry.strings) + lang)
        if foreign:
            failures.append(f"{lang}: foreign code points {sorted(foreign)}")
    assert not failures, "\n".join(failures)



def _letters_and_joiners(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN" or c == "\u200c")


def _letters_marks_and_signs(text: str) -> str:
    """Letters, digits, zero-width non-joiners, marks and the signs that go with numbers
    (bidi class ET: %, ٪, #): what pdftotext's default mode must read in order."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNM" or c == "\u200c"
                   or unicodedata.bidirectional(c) == "ET")


@pytest.mark.parametrize("sentences", sorted(SETS))
def test_right_to_left_words_read_back_by_pdftotext(engine, sentence_pdfs, sentences):
    """pdftotext's default mode reads the letters, digits and zero-width non-joiners of
    right-to-left pages in the order written, each line whole (the whole text of each
    line, spaces and punctuation too, is held above: test_every_language_reads_back):
    Persian می‌کنید came out میک‌نید; a line was cut into pieces out of order after a
    number in parentheses (`(0670-012904).`), and Urdu's Nastaliq, whose letters step
    down a cascade, into short lines (اسٹیشن as اشن and ٹی). The marks and the signs
    of numbers too: a mark drawn right of its letter's origin came out before it
    (يُستدَرجون, the ezafe ٔه; Urdu's بچّوں as ّبچوں), Persian ۳۰٪ as ٪۳۰. The statistic's
    line with its larger figure too: poppler read the figure apart (docs/text.md)."""
    path, entries, set_lines = sentence_pdfs[sentences]
    failures = []
    for lang, entry in entries.items():
        setup = engine.config.language(lang)
        if not setup.rtl:
            continue
        kept = _letters_marks_and_signs
        text = kept(pdftotext(path, entry.page))
        lines = [line for line in set_lines[lang] if line != lang]
        missing = [line for line in lines if kept(line) not in text]
        if missing:
            failures.append(f"{lang}: {len(missing)} of {len(lines)} lines not read back:"
                            f" {missing[:2]!r}; got {text[:200]!r}")
    assert not failures, "\n".join(failures)


def _letter_words(text: str) -> list[str]:
    """The right-to-left words of ``text``, letters and joiners only: parted by
    whitespace and by every character that is not right to left (digits, Latin, and
    the punctuation that poppler's reordering moves with them, spaces included)."""
    text = unicodedata.normalize("NFC", text)
    parted = "".join(c if unicodedata.bidirectional(c) in ("R", "AL", "NSM", "BN")
                     else " " for c in text)
    return [w for w in map(_letters_and_joiners, parted.split()) if w]


@pytest.mark.parametrize("sentences", sorted(SETS))
def test_right_to_left_words_read_whole_by_pdftotext(engine, sentence_pdfs, sentences):
    """pdftotext's default mode reads every right-to-left word as one word (its letters
    and joiners). Nastaliq letters are joined by cursive attachment: their widths are not
    the room they take, and poppler read a space wherever two boxes left a gap (قر یبی,
    کر یں, ما نگے); a mark starting half an em inside a wide letter ended the line
    (لستَ as لس َ / ت)."""
    path, entries, set_lines = sentence_pdfs[sentences]
    failures = []
    for lang, entry in entries.items():
        if not engine.config.language(lang).rtl:
            continue
        read = set(_letter_words(pdftotext(path, entry.page)))
        words = {w for line in set_lines[lang] if line != lang for w in _letter_words(line)}
        split = sorted(words - read)
        if split:
            failures.append(f"{lang}: {len(split)} of {len(words)} words not read whole:"
                            f" {split[:5]!r}")
    assert not failures, "\n".join(failures)


def test_actual_text_only_where_the_glyphs_cannot_say_it(engine, tmp_path):
    """Latin, Cyrillic, CJK, Korean and Arabic glyphs each say their own characters and
    are read in order by every extractor: text of one size writes no ActualText span.
    A left-to-right run whose marks stack over their base (Thai ผู้) carries one,
    for the extractors that order characters by position; so does one with a glyph that
    takes room but says nothing (Devanagari डि: the vowel sign drawn before its consonant,
    which says the cluster), where poppler would read the empty room as a space."""
    import pypdf


    samples = {"en": "Official affidavit", "ru": "Вы не одни", "vi": "Bạn không đơn độc",
               "ja": "日本人を含む被害者", "zh-Hans": "您并不孤单", "ko": "혼자 고민하지 마세요",
               "ar": "لستَ وحدك", "fa": "مشاورهٔ رایگان", "ne": "पीडितहरू", "th": "ผู้เสียหาย"}
    for lang, text in samples.items():
        path = _drawn_alone(engine, tmp_path / f"{lang}.pdf", text, lang, 12)
        content = pypdf.PdfReader(path).pages[0].get_contents().get_data()
        said = _actual_texts(content)
        if lang in ("ar", "fa"):
            # reading spans for poppler: a mark drawn right of its letter's origin says
            # itself (render/text.py _reading_spans)
            assert said and all(unicodedata.category(c)[0] == "M"
                                for text in said for c in text), (lang, said)
        else:
            assert len(said) == (lang in ("th", "ne")), lang


def _drawn_alone(engine, path: Path, text: str, lang: str, size: float) -> Path:
    """A page with ``text`` set in ``lang`` at ``size`` and drawn, nothing else."""
    from reportlab.pdfgen.canvas import Canvas

    from posters.text import Span, TextStyle

    canvas = Canvas(str(path), initialFontName=font_name(engine.base_font()))
    draw_set_text(canvas, engine.fit([Span(text)], lang, TextStyle(size=size), 400, 100),
                  20, 700)
    canvas.showPage()
    canvas.save()
    return path


def _actual_texts(content: bytes) -> list[str]:
    return [bytes.fromhex(data.decode()).decode("utf-16-be").removeprefix("\ufeff")
            for data in re.findall(rb"/ActualText <([0-9A-Fa-f]+)>", content)]


def test_numbers_read_in_logical_order_by_pdftotext(engine, tmp_path):
    """Persian ۳۰٪ after Persian words is drawn with the sign left of the digits (bidi:
    the digits resolve as Arabic numbers, the sign takes the paragraph's direction);
    poppler reads digits and signs in the order they stand and read ٪۳۰. A reading span
    says the number where it stands, in logical order; the glyphs say the same for every
    other reader. Arabic's 30‎%‎ (CLDR's marks keep the sign right of the digits) needs
    none. In both, the space after the number says itself and a right-to-left mark
    (render/text.py _direction_marks)."""
    import pypdf


    samples = {"fa": ("بیش از ۳۰٪ قربانیان", "۳۰٪", ["۳۰٪", " \u200f"]),
               "ar": ("أكثر من 30\u200e%\u200e من الضحايا", "30%", [" \u200f"])}
    for lang, (text, number, spans) in samples.items():
        path = _drawn_alone(engine, tmp_path / f"{lang}.pdf", text, lang, 24)
        for raw in (False, True):
            read = _squash(pdftotext(path, 0, raw=raw))
            assert number in read, (lang, raw, read)
        content = pypdf.PdfReader(path).pages[0].get_contents().get_data()
        assert [t for t in _actual_texts(content)
                if unicodedata.category(t[0])[0] != "M"] == spans, lang
        assert _squash(text) in _squash(pypdf.PdfReader(path).pages[0].extract_text())
        assert _squash(text) in _squash(_pdfminer(path, 0))
        assert _squash(text) in _squash(_pdfminer_layout(path, 0))


# Right-to-left sentences (not in the sample) with neutrals after numbers and signs:
# commas after words and after numbers, a space and a word after a number, a number
# ending the sentence before its `!`, a hyphen before a Latin name.
NEUTRALS = {
    "ar": "في عام 2022، كان 35\u200e%\u200e من الضحايا، أي 1,234 شخصًا، دون 18!",
    "fa": "در سال ۲۰۲۲، بیش از ۳۵٪ قربانیان زیر ۱۸ سال بودند، یعنی ۱٬۲۳۴ نفر!",
    "ur": "2022 میں، 35% سے زیادہ متاثرین 18 سال سے کم تھے، یعنی 1,234 افراد!",
    "ps": "په ۲۰۲۲ کال کې، له ۳۵٪ څخه زیات قربانیان له ۱۸ کالو کم وو!",
    "he": "בשנת 2022, יותר מ-35% מהנפגעים היו מתחת לגיל 18, כתבו ל-SOS Japan!",
}


@pytest.mark.parametrize("lang", sorted(NEUTRALS))
def test_neutrals_after_numbers_read_in_place_by_pdftotext(engine, tmp_path, lang):
    """pdftotext's default mode (poppler's reorderText) takes the neutrals left of a
    left-to-right section, which follow it in the text, into the section: the space after
    a number moved into it (`زیر  ۱۸سال` for `زیر ۱۸ سال`), an Arabic comma after a word
    went over to the word after it (`ژاپن ،گزارش`), the `!` after a number came before
    it, and a comma after a number (a sign of the number's class) joined it. The space,
    sign or mark says itself and a right-to-left mark in a reading span
    (render/text.py _direction_marks); every reader reads the sentence."""
    import pypdf

    text = NEUTRALS[lang]
    path = _drawn_alone(engine, tmp_path / f"{lang}.pdf", text, lang, 12)
    for reader, read in READERS.items():
        assert not _missing(reader, True, [text], read(path, 0)), (reader, read(path, 0))
    content = pypdf.PdfReader(path).pages[0].get_contents().get_data()
    marked = [t for t in _actual_texts(content) if "\u200f" in t]
    assert marked, lang
    # each says one character of its glyph besides the mark: a space or a sign
    assert all(len(t.replace("\u200f", "")) == 1 for t in marked), marked


# glyph_texts: the text of each glyph of a cluster (glyphs in logical order)
NOMINAL = {ord("f"): 10, ord("i"): 11, ord("ก"): 20, ord("\u0e49"): 21, ord("\u0e38"): 22,
           ord("\u0e40"): 23, ord("\u0e33"): 24, ord("\u0e4d"): 25, ord("\u0e32"): 26}


@pytest.mark.parametrize(
    ("text", "gids", "expected", "span"),
    [
        ("ffi", [99], ["ffi"], False),  # a ligature says all its letters
        ("fi", [10, 11], ["f", "i"], False),
        ("ก\u0e38\u0e49", [20, 22, 77], ["ก", "\u0e38", "\u0e49"], False),  # lowered tone mark
        ("\u0e40ก", [23, 20], ["\u0e40", "ก"], False),  # Thai writes the vowel first too
        ("ก\u0e40", [23, 20], ["ก\u0e40", ""], True),  # reordered: the first glyph says it all
        ("ก\u0e33", [20, 25, 26], ["ก", "\u0e33", ""], False),  # sara am drawn as two glyphs
        ("ก\u0e49\u0e33", [20, 25, 21, 26], ["ก", "", "\u0e49", "\u0e33"], False),
        ("\u0e49ก", [88, 20], ["\u0e49", "ก"], False),  # a variant glyph of the tone mark
        ("\u0e38ก", [20, 99], ["\u0e38ก", ""], True),  # a character before any glyph of its own
        ("กi", [20, 40, 41], ["ก", "i", ""], False),  # a letter drawn as a base and its dots
    ],
)
def test_glyph_texts(text, gids, expected, span):
    texts, needs_span = glyph_texts(text, gids, NOMINAL.get)
    assert texts == expected
    assert needs_span is span
    assert "".join(texts) == text


def test_a_blank_glyph_says_nothing():
    """Devanagari र्षि: HarfBuzz leaves a blank NullMark where the vowel sign was; the
    consonant before it says the vowel rather than the blank."""
    nominal = {0x0930: 82, 0x094D: 103, 0x0937: 86, 0x093F: 32}.get
    texts, span = glyph_texts("र्षि", [591, 86, 785], nominal, lambda gid: gid != 785)
    assert texts == ["र्", "षि", ""]
    assert span is False


def test_korean_spaces_and_punctuation_are_themselves(engine, tmp_path):
    """The bug: every Korean space and ASCII punctuation mark came out as U+E0xx."""
    import pypdf

    path = tmp_path / "ko.pdf"
    texts = {"ko": {"headline": "누구에게나 일어날 수 있습니다!", "statistic": "(또는 9110번)",
                    "paragraph": "피해자의 30% 이상이, 외국인."}}
    build_specimen(path, languages=["ko"], engine=engine, texts=("https://a.example", texts))
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert "누구에게나 일어날 수 있습니다!" in text
    assert "(또는 9110번)" in text
    assert not [c for c in text if unicodedata.category(c) == "Co"]


def test_pdftotext_keeps_arabic_marks_after_their_letters(engine, tmp_path):
    path = tmp_path / "ar.pdf"
    texts = {"ar": {"headline": "قد يُجبَر", "statistic": "أكثر من 30‎%‎ من الضحايا",
                    "paragraph": "مشاورهٔ رایگان"}}
    build_specimen(path, languages=["ar"], engine=engine, texts=("https://a.example", texts))
    squashed = _squash(pdftotext(path, 0, raw=True))
    assert "يُجبَر" in squashed
    assert "ُيجَبر" not in squashed
    assert "30%" in squashed and "%30" not in squashed


def test_marks_come_out_after_their_letters_in_pdftotext(engine, tmp_path):
    """Harakat, tanween and shadda (some drawn by one glyph with their letter's vowel:
    the letter's glyph then says them all) read after their letters by pdftotext's
    default mode and -raw, and by every other reader: poppler read سرًّا as سًّرا (-raw),
    حقٌّ as حٌّق, لكلِّ as لكِّل, يُستدرَجون as يُستدَرجون (render/text.py _reading_spans)."""
    path = tmp_path / "ar.pdf"
    paragraph = ("نحن هنا دائمًا، ليلًا ونهارًا، سرًّا وعلنًا؛ اتصل بنا فورًا ولا تتردّد أبدًا. "
                 "إنّ المساعدةَ حقٌّ لكلِّ إنسانٍ، والأطفالُ يُستدرَجون أحيانًا.")
    texts = {"ar": {"headline": "شكرًا جزيلًا", "statistic": "أكثر من 30\u200e%\u200e",
                    "paragraph": paragraph}}
    build_specimen(path, languages=["ar"], engine=engine, texts=("https://a.example", texts))
    want = _letters_marks_and_signs(paragraph)
    for reader in READERS:
        read = _letters_marks_and_signs(READERS[reader](path, 0))
        assert want in read, (reader, read)


def test_urdu_marks_come_out_after_their_letters_in_pdftotext(engine, tmp_path):
    """Urdu's Nastaliq: harakat, shadda, tanween, the ezafe's zer and hamza above, the
    superscript alef read after their letters by pdftotext's default mode and -raw, and by
    every other reader. Its letters cascade off the baseline (set on it, their outlines
    raised) and its marks often stand in the box of the letter before or after: poppler
    read بچّوں as ّبچوں, فوراً as فورًا, براہِ as براِہ, اُن as ُان, زندگیٔ as زندگٔی, a
    letter glyph that says its marks (مَّ) as َّم, the ligature of اللّٰہ (a glyph saying
    للّہ, one saying ٰہ) as اہٰللّ; a mark's span whose room reached across the letter on
    its right cut the line (ب / چّوں: render/text.py _cascade_spans)."""
    path = tmp_path / "ur.pdf"
    paragraph = ("براہِ کرم فوراً رابطہ کریں؛ بچّوں، مُحَمَّد اور رحمٰن کی مدد کی جاتی ہے۔ "
                 "عیسیٰ نے قطعاً اور مجبوراً کہا: دعوتِ عام، خانۂ خدا، زندگیٔ نو، ہم اُن کے "
                 "ساتھ ہیں، اللّٰہ کے فضل سے۔")
    texts = {"ur": {"headline": "بچّوں کی مدد کیجیے، فوراً!",
                    "statistic": "متاثرین میں سے 35% سے زیادہ غیر ملکی تھے",
                    "paragraph": paragraph}}
    build_specimen(path, languages=["ur"], engine=engine, texts=("https://a.example", texts))
    for text in texts["ur"].values():
        want = _letters_marks_and_signs(text)
        for reader in READERS:
            read = _letters_marks_and_signs(READERS[reader](path, 0))
            assert want in read, (reader, text, read)
    assert not set(_letter_words(paragraph)) - set(_letter_words(pdftotext(path, 0)))


@pytest.mark.parametrize(("lang", "headline"), [
    ("ur", "ماشاءَاللّٰہ،"),  # Nastaliq's ligature on a line that does not cascade
    ("ur", "اللّٰہ"),
    ("pa-Arab", "اللّٰہ"),
    ("ar", "بسم اللّٰه"),  # one glyph says all six characters
    ("fa", "خدا و اللّٰه"),
])
def test_glyphs_saying_several_letters_read_in_order_right_to_left(engine, tmp_path, lang,
                                                                   headline):
    """A glyph that says several letters (Arabic's اللّٰه drawn by one glyph; Nastaliq's
    ligature of للّٰہ, whose last glyph, a mark drawn over it, says ٰہ): poppler spreads
    a glyph's characters over its box left to right and reverses the line, so it read
    هّٰللا (pdftotext's default mode and -raw) and اہٰللّ (default mode), and a letter said
    twice in spans 0.01 em apart was dropped as duplicated text (الّٰه). Every reader
    reads the headline in order (render/text.py _says_a_later_letter), and PDFium every
    letter once, with no stray characters."""
    from .test_pdfium_text import _letters, _pdfium_pages, _stray

    path = tmp_path / f"{lang}.pdf"
    paragraph = {"ar": "نحن هنا دائمًا، ليلًا ونهارًا، اتصل بنا فورًا ولا تتردّد أبدًا.",
                 "fa": "ما همیشه اینجا هستیم، شب و روز؛ همین حالا با ما تماس بگیرید.",
                 }.get(lang, "ہم ہر وقت یہاں ہیں، دن رات؛ ابھی ہم سے رابطہ کریں۔")
    texts = {lang: {"headline": headline, "statistic": "35%", "paragraph": paragraph}}
    build_specimen(path, languages=[lang], engine=engine, texts=("https://a.example", texts))
    want = _letters_marks_and_signs(headline)
    for reader in READERS:
        read = _letters_marks_and_signs(READERS[reader](path, 0))
        assert want in read, (reader, read)
    read, unmapped = _pdfium_pages(path)[0]
    page = " ".join([headline, "35%", paragraph, lang, "https://a.example"])
    assert not _stray(read, page, rtl=True) and not unmapped
    assert _letters(read) == _letters(page)


@pytest.mark.parametrize(("lang", "paragraph"), [
    # the superscript alef of للّٰه 0.46 em up, the shadda of أيّامِ 0.05 em down
    ("ar", "المترجمون متاحون على مدار 24 ساعة، طوالَ أيّامِ السنةِ، بأكثرَ من 200 لغةٍ، "
           "والحمدُ للّٰه."),
    ("ar", "هٰذا الرجلُ يعملُ طوالَ أيّامِ الأسبوعِ بلا أجرٍ، لٰكنّه لا يعرفُ حقوقَه."),
    ("ur", "ہٰذا بھی سچ ہے کہ بچّوں کی مدد کی جاتی ہے۔"),
])
def test_marks_far_above_and_below_read_on_their_line(engine, tmp_path, lang, paragraph):
    """Poppler places a mark's reading span at its glyph's origin, the text rise
    included, and takes a line's words within half an em of its first word's baseline:
    with a mark 0.46 em up and another 0.05 em down on one line, one of them came out on a
    line of its own (`ّ`, `َ`). Every reader reads the paragraph in order, its marks
    with their letters (render/text.py _rise_band)."""
    path = tmp_path / f"{lang}.pdf"
    headline = {"ar": "لستَ وحدك"}.get(lang, "آپ اکیلے نہیں ہیں")
    texts = {lang: {"headline": headline, "statistic": "35%", "paragraph": paragraph}}
    build_specimen(path, languages=[lang], engine=engine, texts=("https://a.example", texts))
    want = _letters_marks_and_signs(paragraph)
    for reader in READERS:
        read = _letters_marks_and_signs(READERS[reader](path, 0))
        assert want in read, (reader, read)
    lines = [_squash(line) for line in pdftotext(path, 0).splitlines() if line.strip()]
    assert not [line for line in lines if not _letters_and_joiners(line)], lines


def test_extractors_are_real():
    """The readers above are the real tools."""
    from tests.pdftools import require_pdftotext

    require_pdftotext()
    version = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True)
    assert "pdftotext" in (version.stderr + version.stdout)


@pytest.mark.parametrize("sentences", sorted(SETS))
def test_statistic_reads_as_one_sentence_in_pdftotext_layout_mode(engine, sentence_pdfs,
                                                                  sentences):
    """pdftotext's default mode builds lines by font size: the statistic's larger figure
    was read apart from its caption (`30%以上が18歳未満でした！` before `被害者の`; right to
    left, `بیش از ۳۰٪` and, lines later, ` از قربانیان تبعهٔ`). Left to right the line
    says its text once more; right to left each of the figure's glyphs says itself, read
    at the caption's size (render/text.py _resized_spans)."""
    path, entries, _lines = sentence_pdfs[sentences]
    failures = []
    for lang, entry in entries.items():
        text = _squash(pdftotext(path, entry.page))
        if _squash(entry.statistic) not in text:
            failures.append(f"{lang}: {entry.statistic!r} not read as one sentence: {text!r}")
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------- the sample's own pages

SAMPLE_FORMATS = ("poster", "trifold")


def build_each_sample_output(engine, out: Path, formats: tuple[str, ...], before,
                             wanted=lambda lang: True):
    """Build the sample campaign's outputs of ``formats`` (generic region, no gallery, no
    checks) one at a time, ``before()`` called ahead of each, so that what a recording hook
    noted during a build belongs to its files: yields each build's paths. ``wanted``: the
    languages to build."""
    from posters.build import BuildRequest, build, plan
    from tests.conftest import SAMPLE

    request = BuildRequest(SAMPLE, out_dir=out, formats=formats, regions=("generic",),
                           gallery=False, checks="none")
    _campaign, outputs, _warnings = plan(request)
    for output in outputs:
        if not wanted(output.lang):
            continue
        one = BuildRequest(SAMPLE, out_dir=out, languages=(output.lang,),
                           formats=(output.format,), sizes=(output.size,),
                           regions=("generic",), gallery=False, checks="none")
        before()
        result = build(one, engine)
        assert not result.failed, result
        yield result.paths("built")


@pytest.fixture(scope="module")
def sample_build(engine, tmp_path_factory):
    """The sample campaign's poster and tri-fold in every language of the campaign (its
    catalogs as they are: substitute sentences there to test others), with the lines the
    text engine set on each output, and those of them that mix sizes (a statistic's
    figure in its caption)."""
    from posters.render import pdf

    out = tmp_path_factory.mktemp("sample")
    lines: list[str] = []
    mixed: set[str] = set()
    draw = pdf.draw_set_text

    def recording_draw(canvas, set_text, *args, **kwargs):
        lines.extend(line.text for line in set_text.lines if line.text.strip())
        mixed.update(line.text for line in set_text.lines
                     if len({run.size for run in line.runs}) > 1)
        return draw(canvas, set_text, *args, **kwargs)

    set_lines: dict[Path, list[str]] = {}
    pdf.draw_set_text = recording_draw
    try:
        for paths in build_each_sample_output(engine, out, SAMPLE_FORMATS, lines.clear):
            for path in paths:
                set_lines[path] = list(lines)
    finally:
        pdf.draw_set_text = draw
    return set_lines, mixed


@pytest.fixture(scope="module")
def sample_pages(sample_build):
    return sample_build[0]


@pytest.mark.parametrize("reader", sorted(READERS))
def test_sample_pages_read_back_in_every_language(engine, sample_pages, reader):
    import pypdf

    failures = []
    for path, lines in sample_pages.items():
        lang = path.parent.name
        rtl = engine.config.language(lang).rtl
        pages = len(pypdf.PdfReader(path).pages)
        text = "\n".join(READERS[reader](path, page) for page in range(pages))
        source = "".join(lines)
        missing = _missing(reader, rtl, lines, text)
        foreign = _foreign(unicodedata.normalize("NFC", text), source + path.parent.name)
        if missing or foreign:
            failures.append(f"{path.parent.name}/{path.name}: {len(missing)} of {len(lines)}"
                            f" lines not read back {missing[:3]}; foreign {sorted(foreign)}")
    assert sample_pages
    assert not failures, "\n".join(failures)


def test_sample_right_to_left_lines_read_whole_by_pdftotext(engine, sample_build):
    """pdftotext's default mode reads the letters, digits and zero-width non-joiners of
    every right-to-left line of the sample's pages in order, in one piece, and each word
    as one word: it ended a line where a glyph's box reached more than half an em over
    the next one's start (a letter widened to the dots of ض, set right of its start, read
    يعرض / ون; a parenthesis widened back across a number). Marks and the signs of
    numbers in order too (يُستدرَجون came out يُستدَرجون, شخصًا as شخًصا, #9110 as
    9110#). The lines with a larger figure too (a statistic's
    figure in its caption: poppler read the figure and the words on its left apart)."""
    set_lines, mixed = sample_build
    failures = []
    for path, lines in set_lines.items():
        lang = path.parent.name
        setup = engine.config.language(lang)
        if not setup.rtl:
            continue
        kept = _letters_marks_and_signs
        extracted = pdftotext(path)
        text = kept(extracted)
        missing = [line for line in lines if kept(line) not in text]
        split = sorted({w for line in lines for w in _letter_words(line)}
                       - set(_letter_words(extracted)))
        if missing or split:
            failures.append(f"{path.parent.name}/{path.name}: {len(missing)} of {len(lines)}"
                            f" lines not read back: {missing[:3]!r}; words not read whole:"
                            f" {split[:5]!r}")
    assert any(line in mixed for path, lines in set_lines.items()
               if engine.config.language(path.parent.name).rtl for line in lines)
    assert not failures, "\n".join(failures)


def _to_unicode(data: bytes) -> dict[int, str]:
    entries = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            entries[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    return entries


def test_each_glyph_says_what_it_draws(sample_pages):
    """An independent check of every embedded font subset (fontTools on the font program,
    the ToUnicode map read as text): a glyph without outlines says only whitespace or an
    invisible format character (the zero-width non-joiner of Persian می‌کنید; the Korean
    spaces said U+E002...), and no code says a private-use, compatibility or control
    character."""
    import pikepdf
    from fontTools.ttLib import TTFont

    failures = []
    for path, lines in sample_pages.items():
        source = set("".join(lines))
        with pikepdf.open(path) as pdf:
            seen = set()
            for page in pdf.pages:
                for font in (page.Resources.get("/Font") or {}).values():
                    if font.objgen in seen or "/ToUnicode" not in font:
                        continue
                    seen.add(font.objgen)
                    program = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
                    cmap = program["cmap"].tables[0].cmap
                    glyf = program["glyf"]
                    for code, text in _to_unicode(font.ToUnicode.read_bytes()).items():
                        blank = code in cmap and glyf[cmap[code]].numberOfContours == 0
                        odd = [c for c in text if unicodedata.category(c) in ("Co", "Cc")
                               or (unicodedata.decomposition(c).startswith("<")
                                   and c not in source)]
                        said = [c for c in text if not c.isspace()
                                and unicodedata.category(c) != "Cf"]
                        if (blank and said) or odd:
                            failures.append(f"{path.parent.name}/{path.name} "
                                            f"{font.BaseFont} code {code}: {text!r}")
    assert not failures, "\n".join(failures[:20])


def test_the_widths_are_the_embedded_programs(sample_pages):
    """PDF/UA-1 7.21.5 (and PDF/A-2 6.2.11.5): each code's /Widths entry is its glyph's
    advance in the embedded program (fontTools reads hmtx), spacing copies included; and
    the marks of the sample's pages are drawn with a width (no zero-width character for
    pdfminer's layout analysis to split a line at)."""
    import pikepdf
    from fontTools.ttLib import TTFont

    failures = []
    zero_width = []
    for path in sample_pages:
        with pikepdf.open(path) as pdf:
            seen = set()
            for page in pdf.pages:
                for font in (page.Resources.get("/Font") or {}).values():
                    if font.objgen in seen or "/FontFile2" not in font.get("/FontDescriptor", {}):
                        continue
                    seen.add(font.objgen)
                    program = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
                    cmap = program["cmap"].tables[0].cmap
                    units = program["head"].unitsPerEm
                    first = int(font.FirstChar)
                    said = _to_unicode(font.ToUnicode.read_bytes())  # the codes drawn
                    for n, width in enumerate(font.Widths):
                        glyph = cmap.get(first + n)
                        if glyph is None:
                            continue
                        advance = program["hmtx"][glyph][0] * 1000 / units
                        if abs(float(width) - advance) > 1e-6:
                            failures.append(f"{path.parent.name}/{path.name} {font.BaseFont}"
                                            f" code {first + n}: /W {width}, hmtx {advance}")
                        if advance == 0 and first + n in said:
                            zero_width.append(f"{path.parent.name}/{path.name} "
                                              f"{font.BaseFont} {said[first + n]!r}")
    assert not failures, "\n".join(failures[:20])
    assert not zero_width, zero_width[:20]


def test_text_layer_does_not_depend_on_what_the_process_drew_before(tmp_path):
    """Glyphs drawn with a text other than their own character get key code points in
    order of first use, and spacing and raised copies (Urdu) glyph numbers and outlines
    in order of first use; the PDF must not show it."""
    import sys

    script = (
        "import sys\n"
        "from posters.languages import specimen_text\n"
        "from posters.render.specimen import build_specimen\n"
        "def build(path, languages):\n"
        "    texts = ('https://a.example', {lang: specimen_text(lang) for lang in languages})\n"
        "    build_specimen(path, languages=languages, texts=texts)\n"
        "if sys.argv[2] == 'warm':\n"
        "    build(sys.argv[1] + '.warm', ['km', 'fa', 'my', 'th', 'ne', 'ur'])\n"
        "build(sys.argv[1], ['en', 'th', 'ar', 'ne', 'ur'])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for name in ("cold", "warm"):
        subprocess.run([sys.executable, "-c", script, str(tmp_path / name), name],
                       check=True, env=env)
    assert (tmp_path / "cold").read_bytes() == (tmp_path / "warm").read_bytes()
