# ruff: noqa: RUF001  (sentences in many scripts are the test data)
"""A statistic's caption (its figure set larger inside the sentence) reads as the
sentence: every extractor gives its whole text, all its lines, in order and in one piece,
with a line break read as the source has it (a space where the source breaks at one,
nothing in Chinese, Japanese and Thai). pdftotext's default mode read the two captions
of the sample poster side by side interleaved (`More than 30%` / `More than 35% of the`
/ `of the victims were`): the figure's line was a block of its own, or its next line
lay more than poppler's line spacing below it; pypdf glued the words across the line
end after the figure (`30%of`, `35%이상이`): docs/text.md, "a line that mixes sizes".

On the sample's poster, flyer and tri-fold (generic region) in every language of the
campaign, and on the test sentences (the specimen's and tests/text/data/sentences.yaml;
POSTERS_TEXT_SENTENCES substitutes others)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from posters.text.specimen import set_specimen

from .test_text_layer import (
    READERS,
    SETS,
    _as_read,
    _squash,
    build_each_sample_output,
    sentence_pdfs,  # noqa: F401  (the fixture)
)

# pdfminer.six in content order and with its layout analysis, pypdf, pdftotext's default
# (reading-order) mode: -raw reads right-to-left text one glyph per line (test_text_layer)
CAPTION_READERS = ("pdfminer-layout", "pdftotext", "pypdf")
SAMPLE_FORMATS = ("poster", "flyer", "trifold")


def _unread_in_paragraphs(captions: list[tuple[str, list[str]]], extracted: str,
                          reader: str) -> list[str]:
    """_unread, and for pdftotext each caption within one of its paragraphs: it parts
    its blocks by an empty line, and a caption read as two blocks is its sentence only
    where no other block comes between them (the next column's, a heading's)."""
    unread = _unread(captions, extracted)
    if reader != "pdftotext":
        return unread
    parts = re.split(r"\n\s*\n", extracted)
    return unread + [f"{_as_read(source)!r} in two paragraphs" for source, lines in captions
                     if not _unread([(source, lines)], extracted)
                     and all(_unread([(source, lines)], part) for part in parts)]


def _mixes_sizes(set_text) -> bool:
    return any(len({run.size for run in line.runs}) > 1 for line in set_text.lines)


def _caption_pattern(source: str, lines: list[str]) -> re.Pattern:
    """What a reader's text (as _as_read gives it) must hold for a caption set in
    ``lines`` from ``source``: the source, each run of whitespace one space, and at a
    line break where the source has no whitespace (Chinese, Japanese, Thai) nothing or
    the space a reader's line break becomes. Never nothing where the source has a
    space: that is two words glued."""
    text = _as_read(source)
    pieces, at = [], 0
    for line in map(_as_read, lines):
        found = text.find(line, at)
        assert found >= 0, f"line {line!r} not in its source {text!r}"
        gap = text[at:found]
        assert not gap.strip(), f"{gap!r} between the lines of {text!r}"
        if pieces:
            pieces.append(" " if gap else " ?")
        pieces.append(re.escape(line))
        at = found + len(line)
    assert not text[at:].strip(), f"{text!r} has more than its lines {lines!r}"
    return re.compile("".join(pieces))


def _unread(captions: list[tuple[str, list[str]]], extracted: str) -> list[str]:
    """The captions (source, lines) that ``extracted`` does not hold whole, with what
    the reader made of them."""
    read = _as_read(extracted)
    out = []
    for source, lines in captions:
        if _caption_pattern(source, lines).search(read):
            continue
        glued = _squash(source) in _squash(extracted)
        out.append(f"{_as_read(source)!r} {'glued or spaced' if glued else 'not in one piece'}"
                   f" (lines {lines!r})")
    return out


# ---------------------------------------------------------------- the sample's own pages

@pytest.fixture(scope="module")
def sample_captions(engine, tmp_path_factory) -> dict[Path, list[tuple[str, list[str]]]]:
    """The sample campaign's poster, flyer and tri-fold (generic region) in every
    language of the campaign, each with its texts that have a line that mixes sizes (a
    statistic's caption, a call to action with its phone numbers set larger) as set:
    (source, lines)."""
    from posters.render import pdf

    out = tmp_path_factory.mktemp("captions")
    sources: dict[int, tuple[object, str]] = {}
    drawn: list[tuple[str, list[str]]] = []
    fit, draw = engine.fit, pdf.draw_set_text

    def recording_fit(spans, *args, **kwargs):
        set_text = fit(spans, *args, **kwargs)
        source = spans if isinstance(spans, str) else "".join(s.text for s in spans)
        sources[id(set_text)] = (set_text, source)
        return set_text

    def recording_draw(canvas, set_text, *args, **kwargs):
        if _mixes_sizes(set_text):
            drawn.append((sources[id(set_text)][1],
                          [line.text for line in set_text.lines]))
        return draw(canvas, set_text, *args, **kwargs)

    engine.fit, pdf.draw_set_text = recording_fit, recording_draw
    try:
        captions: dict[Path, list[tuple[str, list[str]]]] = {}
        for paths in build_each_sample_output(engine, out, SAMPLE_FORMATS, drawn.clear):
            for path in paths:
                captions[path] = list(dict.fromkeys(
                    (source, tuple(lines)) for source, lines in drawn))
    finally:
        del engine.fit
        pdf.draw_set_text = draw
    return {path: [(source, list(lines)) for source, lines in found]
            for path, found in captions.items()}


@pytest.mark.parametrize("reader", CAPTION_READERS)
def test_sample_statistics_read_as_their_sentences(sample_captions, reader):
    import pypdf

    failures = []
    for path, captions in sample_captions.items():
        pages = len(pypdf.PdfReader(path).pages)
        text = "\n\n".join(READERS[reader](path, page) for page in range(pages))
        unread = _unread_in_paragraphs(captions, text, reader)
        if unread:
            failures.append(f"{path.parent.name}/{path.name}: {unread}")
    assert sum(map(len, sample_captions.values())) >= len(sample_captions)
    assert {path.parent.name for path in sample_captions} >= {"en", "ar", "ja", "th"}
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------- the test sentences

@pytest.fixture(scope="module")
def sentence_captions(engine, sentence_pdfs):  # noqa: F811
    """For each set of sentences: the PDF, and by page, the statistic's (source, lines)
    as the specimen sets it."""
    out = {}
    for name, (path, entries, _lines) in sentence_pdfs.items():
        texts = {lang: {"headline": e.headline, "statistic": e.statistic,
                        "paragraph": e.paragraph} for lang, e in entries.items()}
        url = next(iter(entries.values())).url
        pages, _ = set_specimen(list(entries), engine, 1, (url, texts))
        captions = {}
        for lang, entry in entries.items():
            mixed = [placed.set_text for placed in pages[entry.page]
                     if _mixes_sizes(placed.set_text)]
            assert len(mixed) <= 1, (name, lang)
            if mixed:  # a statistic without a figure (CLDR's text) mixes no sizes
                captions[lang] = (entry.page, entry.statistic,
                                  [line.text for line in mixed[0].lines])
        assert len(captions) > len(entries) / 2, name
        out[name] = (path, captions)
    return out


@pytest.mark.parametrize("reader", CAPTION_READERS)
@pytest.mark.parametrize("sentences", sorted(SETS))
def test_sentence_statistics_read_as_their_sentences(sentence_captions, sentences, reader):
    path, captions = sentence_captions[sentences]
    failures = []
    for lang, (page, source, lines) in captions.items():
        unread = _unread_in_paragraphs([(source, lines)], READERS[reader](path, page), reader)
        if unread:
            failures.append(f"{lang}: {unread}")
    assert not failures, "\n".join(failures)


def test_a_glued_or_interleaved_caption_is_not_read():
    """The comparison itself: the words across a line end glued, another caption's line
    between two of this one's, a space inside a word, each fail; a reader's line break
    passes, and in Japanese so does nothing."""
    lines = ["More than 30%", "of the victims were", "non-Japanese citizens!"]
    source = "More than 30% of the victims were non-Japanese citizens!"
    assert not _unread([(source, lines)], "More than 30%\nof the victims were\n"
                                          "non-Japanese citizens!\n")
    for wrong in ("More than 30%of the victims were non-Japanese citizens!",
                  "More than 30%\nMore than 35% of the\nof the victims were non-Japanese "
                  "citizens!",
                  "More than 3 0% of the victims were non-Japanese citizens!"):
        assert _unread([(source, lines)], wrong), wrong
    ja = ("被害者の35%以上が18歳未満！", ["被害者の35%以上が", "18歳未満！"])
    assert not _unread([ja], "被害者の35%以上が\n18歳未満！")
    assert not _unread([ja], "被害者の35%以上が18歳未満！")
    assert _unread([ja], "被害者の35%以上が\n外国人\n18歳未満！")
    ko = ("피해자의 35% 이상이 18세 미만!", ["피해자의 35%", "이상이 18세 미만!"])
    assert _unread([ko], "피해자의 35%이상이 18세 미만!")
    assert unicodedata.is_normalized("NFC", ko[0])


# ---------------------------------------------------------------- a call to action's shape

_PHONE = re.compile(r"#?\d[\d-]*\d")
CTA_WIDTHS = (180.0, 207.0, 240.0, 250.0)  # points: the sample tri-fold's is 207


def _far_value(set_text) -> bool:
    """A line that mixes sizes between two lines more than 1.45 em away on both sides
    (the sample tri-fold's Arabic and Persian call to action)."""
    lines, size = set_text.lines, set_text.size
    return any(len({run.size for run in line.runs}) > 1
               and line.baseline - lines[n - 1].baseline > 1.45 * size
               and lines[n + 1].baseline - line.baseline > 1.45 * size
               for n, line in enumerate(lines[1:-1], start=1))


def _sample_calls_to_action(engine) -> list[tuple[str, str]]:
    """The sample's call to action (the message with both phone numbers) in each of its
    right-to-left languages, the numbers filled in: (lang, text)."""
    from babel.messages.pofile import read_po

    from tests.conftest import SAMPLE

    out = []
    for po in sorted(SAMPLE.glob("locale/*/LC_MESSAGES/messages.po")):
        lang = po.parts[-3]
        if lang not in engine.config.languages or not engine.config.language(lang).rtl:
            continue
        with po.open("rb") as file:
            for message in read_po(file):
                if (isinstance(message.id, str) and "{police}" in message.id
                        and "{immigration}" in message.id and message.string):
                    out.append((lang, message.string.replace("{police}", "#9110")
                                .replace("{immigration}", "0670-012904")))
    return out


@pytest.fixture(scope="module")
def call_to_action_pdf(engine, tmp_path_factory):
    """Each right-to-left language's specimen paragraph (a call to action with its phone
    numbers), and the sample's call to action in its right-to-left languages, set as the
    sample tri-fold sets its call to action: 13 pt, the numbers bold and 1.2 times
    larger, in boxes of four widths; one text a page: the PDF and, by page, (lang,
    source, lines, whether _far_value)."""
    from reportlab.pdfgen.canvas import Canvas

    from posters.languages import specimen_text
    from posters.render.fonts import font_name
    from posters.render.text import draw_set_text
    from posters.text.model import Span, TextStyle
    from posters.text.specimen import A4

    from .test_text_layer import _usable_languages

    path = tmp_path_factory.mktemp("cta") / "cta.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1,
                    initialFontName=font_name(engine.base_font()), initialFontSize=10)
    pages = []
    texts = [(lang, specimen_text(lang)["paragraph"]) for lang in _usable_languages(engine)
             if engine.config.language(lang).rtl]
    for lang, source in texts + _sample_calls_to_action(engine):
        if not _PHONE.search(source):
            continue
        spans, at = [], 0
        for found in _PHONE.finditer(source):
            spans += [Span(source[at:found.start()]),
                      Span(found.group(), bold=True, scale=1.2)]
            at = found.end()
        spans.append(Span(source[at:]))
        for width in CTA_WIDTHS:
            set_text = engine.fit([s for s in spans if s.text], lang, TextStyle(size=13),
                                  width, 400)
            if pages:
                canvas.showPage()
            draw_set_text(canvas, set_text, 60, A4[1] - 60)
            pages.append((lang, source, [line.text for line in set_text.lines],
                          _far_value(set_text)))
    canvas.showPage()
    canvas.save()
    return path, pages


@pytest.mark.parametrize("reader", CAPTION_READERS)
def test_right_to_left_call_to_action_reads_as_its_sentence(call_to_action_pdf, reader):
    """The tri-fold's call-to-action shape (phone numbers 1.2 times larger, on middle
    lines far from both neighbours) in every right-to-left language of the specimen
    (Arabic, Persian, Hebrew, Urdu, Pashto ...) and the sample's own in Arabic and
    Persian, at four widths (on wt-merge cc91eea pdftotext read the sample's Persian at
    250 pt in two blocks, as its tri-fold's at 207)."""
    path, pages = call_to_action_pdf
    assert {lang for lang, *_ in pages} >= {"ar", "fa", "he", "ur"}
    assert len(pages) >= 7 * len(CTA_WIDTHS)
    assert any(far for *_, far in pages), "no text of the shape: the test cannot fail"
    failures = []
    for page, (lang, source, lines, _far) in enumerate(pages):
        # (pdftotext may part these into paragraphs in order: docs/text.md, not yet held)
        unread = _unread([(source, lines)], READERS[reader](path, page))
        if unread:
            failures.append(f"{lang} page {page + 1}: {unread}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("reader", CAPTION_READERS)
@pytest.mark.parametrize(("lang", "before", "figure", "after"), [
    ("fa", "از هر چهار قربانی یک نفر (", "۳۰٪", ") زیر ۱۸ سال بود."),
    ("ar", "ضحيّةٌ من كلِّ أربعٍ (", "25\u200e%\u200e", ") كانت دون الثامنةَ عشرةَ."),
])
def test_right_to_left_figure_in_brackets_reads_as_its_sentence(engine, tmp_path, reader,
                                                                lang, before, figure,
                                                                after):
    """A statistic whose figure (2.3 times larger, as on the sample poster) stands in
    brackets at the end of a right-to-left line: the stone that starts the figure's
    reading span was a fifth as wide as the figure (its width scaled by the sizes'
    ratio twice), and pdfminer.six parted the `(` from the figure (`از هر چهار قربانی یک
    نفر (` / `۳۰٪)`). Set alone, at the widths where the figure ends the first line."""
    from reportlab.pdfgen.canvas import Canvas

    from posters.render.fonts import font_name
    from posters.render.text import draw_set_text
    from posters.text.model import Span, TextStyle
    from posters.text.specimen import A4

    path = tmp_path / "figure.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1,
                    initialFontName=font_name(engine.base_font()), initialFontSize=10)
    source = before + figure + after
    spans = [Span(before), Span(figure, bold=True, scale=2.3), Span(after)]
    pages = []
    for width in range(300, 560, 20):
        set_text = engine.fit(spans, lang, TextStyle(size=24), width, 600)
        lines = [line.text for line in set_text.lines]
        if len(lines) < 2 or not _as_read(lines[0]).endswith(_as_read(figure + ")")):
            continue
        if pages:
            canvas.showPage()
        draw_set_text(canvas, set_text, 40, A4[1] - 40)
        pages.append(lines)
    canvas.showPage()
    canvas.save()
    assert pages, "no width ends the first line with the figure: the test cannot fail"
    failures = [f"page {page + 1}: {unread}" for page, lines in enumerate(pages)
                if (unread := _unread_in_paragraphs([(source, lines)],
                                                    READERS[reader](path, page), reader))]
    assert not failures, "\n".join(failures)


def _side_by_side_failures(engine, path, reader, lang, captions, scale, widths, wanted):
    """Two statistics set side by side (17 pt, the figure ``scale`` times larger), the
    first on the right, at each of ``widths`` where ``wanted`` (the captions' lines)
    holds, a page each; what ``reader`` does not read of them (_unread_in_paragraphs)."""
    from reportlab.pdfgen.canvas import Canvas

    from posters.render.fonts import font_name
    from posters.render.text import draw_set_text
    from posters.text.model import Span, TextStyle
    from posters.text.specimen import A4

    canvas = Canvas(str(path), pagesize=A4, invariant=1,
                    initialFontName=font_name(engine.base_font()), initialFontSize=10)
    pages = []
    for width in widths:
        texts = [engine.fit([Span(before), Span(figure, bold=True, scale=scale),
                             Span(after)], lang, TextStyle(size=17), width, 600)
                 for before, figure, after in captions]
        found = [[line.text for line in t.lines] for t in texts]
        if not wanted(found):
            continue
        if pages:
            canvas.showPage()
        for n, set_text in enumerate(texts):
            draw_set_text(canvas, set_text, 40 + (len(texts) - 1 - n) * (width + 40),
                          A4[1] - 40)
        pages.append([("".join(caption), lines) for caption, lines in zip(captions, found,
                                                                            strict=True)])
    canvas.showPage()
    canvas.save()
    assert pages, "no width sets the captions so: the test cannot fail"
    return [f"page {page + 1}: {unread}" for page, found in enumerate(pages)
            if (unread := _unread_in_paragraphs(found, READERS[reader](path, page), reader))]


@pytest.mark.parametrize("reader", CAPTION_READERS)
@pytest.mark.parametrize(("lang", "captions"), [
    ("fa", [("از هر چهار قربانی یک نفر (", "۳۰٪", ") زیر ۱۸ سال بود."),
            ("از هر چهار قربانی یک نفر (", "۳۵٪", ") زیر ۱۸ سال بود.")]),
    ("ar", [("ضحيّةٌ من كلِّ أربعِ ضحايا (", "25\u200e%\u200e", ") كانت دون الثامنةَ عشرةَ."),
            ("ضحيّةٌ من كلِّ أربعِ ضحايا (", "30\u200e%\u200e", ") كانت دون الثامنةَ عشرةَ.")]),
])
def test_right_to_left_captions_side_by_side_with_the_figure_on_a_later_line(
        engine, tmp_path, reader, lang, captions):
    """Two statistics side by side (as on the sample flyer: 17 pt, the figure 2.3 times
    larger) whose figure starts the second line: its baseline lies some 2.6 em below the
    first line's, farther than the stones reach (1.5 + 0.35 + 0.4 em), and pdftotext read
    the two captions' first lines, then their second lines. Rungs chain them
    (render/text.py _rungs): every reader reads each caption whole."""
    failures = _side_by_side_failures(
        engine, tmp_path / "captions.pdf", reader, lang, captions, 2.3, range(150, 240, 10),
        lambda found: all(len(lines) > 1 and _as_read(lines[1]).startswith("(")
                          for lines in found))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("reader", CAPTION_READERS)
@pytest.mark.parametrize(("lang", "captions"), [
    ("ar", [("في عام 2021، طلب ", "30\u200e%\u200e", " من 7340 شخصًا المساعدةَ هاتفيًّا."),
            ("أكثر من ", "35\u200e%\u200e", " من الضحايا كانوا دون سن 18!")]),
    ("fa", [("در سال ۲۰۲۱، ", "۳۰٪", " از ۷۳۴۰ نفر از طریق تلفن درخواست کمک کردند."),
            ("بیش از ", "۳۵٪", " از قربانیان زیر ۱۸ سال بودند.")]),
])
def test_right_to_left_caption_with_the_figure_ending_the_first_line(
        engine, tmp_path, reader, lang, captions):
    """A statistic whose figure ends the first line, its leftmost word, which starts
    poppler's block: the stone that lowers the first line toward the next (render/text.py
    _stones) must be that figure's span, a run set left to right (one TJ). On another
    word the block started with the figure at the line's baseline and the caption read
    as two blocks, which pdftotext interleaved on the sample flyer with other sentences
    (`من 7340 شخصًا المساعدةَ هاتفيًّا.` after the column's heading, `في عام 2021، طلب
    30%` after the other caption): pdftotext must read each caption in one paragraph
    (it parts its blocks by an empty line), the other readers as its sentence."""
    figure = captions[0][1]
    failures = _side_by_side_failures(
        engine, tmp_path / "captions.pdf", reader, lang, captions, 2.2, range(150, 300, 10),
        lambda found: len(found[0]) > 1 and _as_read(found[0][0]).endswith(_as_read(figure)))
    assert not failures, "\n".join(failures)
