"""An icon's form and a QR code's matrix are remembered in the user cache
(``$POSTERS_CHECK_CACHE``) by their input's bytes and the code that makes them (#20): a
build with a warm cache draws both without importing svglib, ReportLab's graphics or
platypus, and writes the same bytes as a cold one. A cache entry is untrusted: anything
but exactly what the code writes is a miss, and the icon is drawn (the data encoded)
again."""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.pdfgen.canvas import Canvas

import posters.render.icons as icons
import posters.render.pdf as pdf
from posters.schema.assets import STOCK_ICONS, IconError
from tests.conftest import SAMPLE
from tests.pdftools import qr_codes_mm
from tests.probe import loaded, modules_after

ICON = STOCK_ICONS / "contract.svg"
NAVY = CMYKColor(1, 0.6, 0, 0.2)
SPOT = CMYKColorSep(0.1, 0.9, 0, 0.05, spotName="Campaign Red")
UNSAFE = ("svglib", "reportlab.graphics", "reportlab.platypus")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A fresh check cache, and this process's own memory of forms and matrices cleared."""
    folder = tmp_path / "checks"
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(folder))
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    icons._form.cache_clear()
    icons._load.cache_clear()
    pdf.qr_matrix.cache_clear()
    pdf._qr_path.cache_clear()
    icons._ARTWORK.clear()


def _entries(folder: Path) -> dict[str, dict]:
    """The cache's JSON entries by path under the folder."""
    found = {}
    for path in sorted(folder.glob("*/*.json")) if folder.is_dir() else ():
        found[path.relative_to(folder).as_posix()] = json.loads(path.read_bytes())
    return found


def _of(folder: Path, check: str) -> list[Path]:
    return [folder / name for name, entry in _entries(folder).items()
            if entry.get("check") == check]


def _icon_pdf(svg: Path, colour: Color) -> bytes:
    """A page with the icon drawn twice (one form, placed twice) in ``colour``."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 100), invariant=1, pageCompression=0,
                    initialFontName="Times-Roman")
    canvas.setFont("Courier", 9)  # the page's font is not the form's
    icons.draw_icon(canvas, svg, 10, 10, 80, 80, colour)
    icons.draw_icon(canvas, svg, 110, 20, 60, 60, colour)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _drawn_by_svglib(monkeypatch) -> list[Path]:
    """The icons drawn through svglib from now on (a spy: they are still drawn)."""
    seen: list[Path] = []
    real = icons._drawn_form

    def spying(path, *args):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(path, *args)

    monkeypatch.setattr(icons, "_drawn_form", spying)
    return seen


def test_a_remembered_form_draws_the_same_bytes_without_svglib(cache, monkeypatch):
    drawn = _drawn_by_svglib(monkeypatch)
    cold = _icon_pdf(ICON, NAVY)
    assert drawn == [ICON.resolve()]
    assert len(_of(cache, "icon form")) == 1
    _forget()  # as a new process would
    assert _icon_pdf(ICON, NAVY) == cold
    assert drawn == [ICON.resolve()]  # not drawn again
    # another colour is another form
    _icon_pdf(ICON, Color(0.2, 0.3, 0.4))
    assert len(drawn) == 2 and len(_of(cache, "icon form")) == 2


def test_a_spot_colour_form_names_its_separation_cold_and_warm(cache, monkeypatch,
                                                              tmp_path):
    drawn = _drawn_by_svglib(monkeypatch)
    cold = _icon_pdf(ICON, SPOT)
    _forget()
    warm = _icon_pdf(ICON, SPOT)
    assert len(drawn) == 1  # the warm page was drawn from the cache
    assert cold == warm
    # the form paints in the colour's separation space and finds it in its own resources
    with pikepdf.open(io.BytesIO(warm)) as document:
        (form,) = document.pages[0].Resources.XObject.values()
        assert b"/Campaign#20Red cs 1 scn" in form.read_bytes()
        space = form.Resources.ColorSpace["/Campaign Red"]
        assert space[0] == "/Separation" and space[1] == "/Campaign Red"
        assert space[2] == "/DeviceCMYK"
    # and a reader that looks it up there (MuPDF) draws the icon in it
    path = tmp_path / "spot.pdf"
    path.write_bytes(warm)
    _require("mutool", "mupdf-tools")
    result = subprocess.run(["mutool", "draw", "-r", "72", "-F", "png", "-o",
                             str(tmp_path / "spot.png"), str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "error" not in result.stderr, result.stderr
    from PIL import Image

    with Image.open(tmp_path / "spot.png") as image:
        pixels = image.convert("RGB").tobytes()
    reds = sum(1 for i in range(0, len(pixels), 3) if pixels[i] > 150 > pixels[i + 1] + 60)
    assert reds > 100, reds


def _require(tool: str, package: str) -> None:
    import shutil

    if shutil.which(tool) is None:
        pytest.skip(f"{tool} ({package}) is not installed")


@pytest.mark.parametrize("colour", [NAVY, Color(0.1, 0.2, 0.3), SPOT], ids=repr)
def test_every_stock_icons_form_reads_back_from_its_entry(cache, colour):
    """An entry this code writes is one it accepts (else every build draws it again)."""
    for svg in sorted(STOCK_ICONS.glob("*.svg")):
        path = svg.resolve()
        form = icons._drawn_form(path, icons.file_state(path), colour, "Helvetica", 12)
        assert icons._form_of(json.loads(json.dumps(icons._form_value(form)))) == form, svg


def _rewrite(entry: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Change the value of an entry and write its digest to match: a well-formed entry
    whose content is not what the code writes."""
    from posters.schema.checked import _canonical

    stored = json.loads(entry.read_bytes())
    stored["value"] = change(stored["value"])
    stored["sha256"] = hashlib.sha256(_canonical(stored["value"])).hexdigest()
    entry.write_bytes(_canonical(stored))


def _truncated(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])


def _flipped(entry: Path) -> None:  # a changed operator under the old digest
    data = entry.read_bytes()
    entry.write_bytes(data.replace(b" re", b" RE", 1) if b" re" in data
                      else data.replace(b" m", b" M", 1))


def _empty(entry: Path) -> None:
    entry.write_bytes(b"")


def _not_json(entry: Path) -> None:
    entry.write_bytes(b"\x00\xff garbage")


def _negative_width(entry: Path) -> None:
    _rewrite(entry, lambda value: {**value, "width": -value["width"]})


def _extra_field(entry: Path) -> None:
    _rewrite(entry, lambda value: {**value, "resources": {"Font": "F9"}})


def _multiline_operator(entry: Path) -> None:
    _rewrite(entry, lambda value: {**value, "code": ["q\nendstream", *value["code"]]})


def _control_character(entry: Path) -> None:
    _rewrite(entry, lambda value: {**value, "code": [*value["code"][:-1], "Q\x0c"]})


def _not_ascii(entry: Path) -> None:
    _rewrite(entry, lambda value: {**value, "code": ["% \u00e9", *value["code"]]})


def _code_not_a_list(entry: Path) -> None:
    _rewrite(entry, lambda value: {**value, "code": "\n".join(value["code"])})


def _separation_as_number(entry: Path) -> None:
    _rewrite(entry, lambda value: {**value, "separation": 0})


DAMAGES = (_truncated, _flipped, _empty, _not_json, _negative_width, _extra_field,
           _multiline_operator, _control_character, _not_ascii, _code_not_a_list,
           _separation_as_number)


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_form_entry_is_a_miss_and_the_icon_is_drawn_again(cache, monkeypatch,
                                                                    damage):
    cold = _icon_pdf(ICON, NAVY)
    (entry,) = _of(cache, "icon form")
    good = entry.read_bytes()
    damage(entry)
    assert entry.read_bytes() != good
    drawn = _drawn_by_svglib(monkeypatch)
    _forget()
    assert _icon_pdf(ICON, NAVY) == cold
    assert drawn == [ICON.resolve()]
    assert entry.read_bytes() == good  # written again, whole


def test_another_icons_entry_under_this_name_is_a_miss(cache, monkeypatch, tmp_path):
    other = STOCK_ICONS / "heavy-work.svg"
    cold = _icon_pdf(ICON, NAVY)
    (entry,) = _of(cache, "icon form")
    _icon_pdf(other, NAVY)
    (foreign,) = set(_of(cache, "icon form")) - {entry}
    entry.write_bytes(foreign.read_bytes())  # a valid entry, for another key
    drawn = _drawn_by_svglib(monkeypatch)
    _forget()
    assert _icon_pdf(ICON, NAVY) == cold
    assert drawn == [ICON.resolve()]


def test_a_changed_icon_is_drawn_again(cache, monkeypatch, tmp_path):
    icon = tmp_path / "sign.svg"
    icon.write_bytes(ICON.read_bytes())
    first = _icon_pdf(icon, NAVY)
    drawn = _drawn_by_svglib(monkeypatch)
    # the same file with one shape more (another size, another time)
    changed = ICON.read_text().replace(
        "</svg>", '<rect x="1" y="1" width="3" height="3" fill="#000"/></svg>')
    icon.write_text(changed)
    os.utime(icon, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    _forget()
    second = _icon_pdf(icon, NAVY)
    assert drawn == [icon.resolve()] and second != first
    assert len(_of(cache, "icon form")) == 2
    # what a cold cache draws for the new bytes
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "other-checks"))
    _forget()
    assert _icon_pdf(icon, NAVY) == second


def test_a_bad_icon_is_refused_on_a_cold_cache_and_not_remembered(cache, tmp_path):
    icon = tmp_path / "bad.svg"
    icon.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
                    '<text x="1" y="5">SOS</text></svg>')
    with pytest.raises(IconError) as raised:
        _icon_pdf(icon, NAVY)
    assert raised.value.line == 2 and "text needs a font" in raised.value.message
    assert _of(cache, "icon form") == []


def _draw_in_child(svg: str, start) -> None:  # type: ignore[no-untyped-def]
    start.wait()
    for _ in range(5):
        icons._form.cache_clear()
        _icon_pdf(Path(svg), NAVY)


def test_concurrent_writers_leave_one_whole_entry(cache, monkeypatch):
    context = multiprocessing.get_context("fork")
    start = context.Barrier(4)
    children = [context.Process(target=_draw_in_child, args=(str(ICON), start))
                for _ in range(4)]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
        assert child.exitcode == 0
    (entry,) = _of(cache, "icon form")
    assert sorted(p.name for p in entry.parent.iterdir()) == [entry.name]  # no temporary
    drawn = _drawn_by_svglib(monkeypatch)
    reference = _icon_pdf(ICON, NAVY)
    assert drawn == []  # the entry the writers left is whole
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(cache.parent / "cold"))
    _forget()
    assert _icon_pdf(ICON, NAVY) == reference


# ------------------------------------------------------------------------------ QR codes

DATA = "https://example.org/report?lang=en&from=poster"


def test_a_remembered_qr_matrix_is_the_encoders(cache, monkeypatch):
    matrix = pdf.qr_matrix(DATA)
    assert matrix == pdf._encoded(DATA) and len(matrix) in pdf.QR_SIDES
    assert len(_of(cache, "qr matrix")) == 1
    monkeypatch.setattr(pdf, "_encoded", lambda data: pytest.fail("encoded again"))
    _forget()
    assert pdf.qr_matrix(DATA) == matrix


def _matrix_damages():  # type: ignore[no-untyped-def]
    def rewrite(change):  # type: ignore[no-untyped-def]
        return lambda entry: _rewrite(entry, change)

    return {
        "truncated": _truncated,
        "not-json": _not_json,
        "row-missing": rewrite(lambda rows: rows[:-1]),
        "not-square": rewrite(lambda rows: [row + "0" for row in rows]),
        "not-a-qr-side": rewrite(lambda rows: [row[:-1] for row in rows[:-1]]),
        "not-binary": rewrite(lambda rows: [rows[0].replace("1", "X"), *rows[1:]]),
        "booleans": rewrite(lambda rows: [[c == "1" for c in row] for row in rows]),
        "flipped-module": lambda entry: entry.write_bytes(
            entry.read_bytes().replace(b'"1111111', b'"0111111', 1)),
    }


@pytest.mark.parametrize("damage", sorted(_matrix_damages()))
def test_a_damaged_qr_entry_is_a_miss_and_the_data_is_encoded_again(cache, damage):
    matrix = pdf.qr_matrix(DATA)
    (entry,) = _of(cache, "qr matrix")
    good = entry.read_bytes()
    _matrix_damages()[damage](entry)
    assert entry.read_bytes() != good
    _forget()
    assert pdf.qr_matrix(DATA) == matrix
    assert entry.read_bytes() == good


def test_another_datas_qr_entry_under_this_name_is_a_miss(cache):
    matrix = pdf.qr_matrix(DATA)
    (entry,) = _of(cache, "qr matrix")
    pdf.qr_matrix("https://example.org/")
    (foreign,) = set(_of(cache, "qr matrix")) - {entry}
    entry.write_bytes(foreign.read_bytes())
    _forget()
    assert pdf.qr_matrix(DATA) == matrix


# ----------------------------------------------------------------- a whole build, twice



def _build(out: Path, cache: Path, campaign: Path = SAMPLE,
           variants: tuple[str, ...] = ("screen",)) -> set[str]:
    chosen = [arg for variant in variants for arg in ("--variant", variant)]
    return modules_after("build", str(campaign), "--lang", "en", "--format", "poster",
                         "--size", "jis-b2", *chosen, "--region", "generic", "--force",
                         "--no-gallery", "-j", "1", "-q", "--out", str(out), cache=cache)


def _unsafe(modules: set[str]) -> list[str]:
    return loaded(modules, UNSAFE)


def test_a_warm_build_draws_icons_and_the_qr_code_without_svglib_or_graphics(tmp_path):
    cache = tmp_path / "checks"
    cold_modules = _build(tmp_path / "cold", cache)
    assert "svglib.svglib" in cold_modules  # the cold build drew the icons
    assert "reportlab.graphics.barcode.qrencoder" in cold_modules
    warm_modules = _build(tmp_path / "warm", cache)
    assert _unsafe(warm_modules) == []
    assert "posters.render.icons" in warm_modules  # and it did draw them
    (cold,) = (tmp_path / "cold").rglob("*.pdf")
    (warm,) = (tmp_path / "warm").rglob("*.pdf")
    assert cold.read_bytes() == warm.read_bytes()
    # the screen poster: eight icon forms and a QR code a reader we did not write decodes
    reader = pypdf.PdfReader(warm)
    forms = [name for name in reader.pages[0]["/Resources"]["/XObject"]
             if name.startswith("/FormXob.Icon")]
    assert len(forms) == 8
    assert [text for text, _side in qr_codes_mm(warm)] == ["https://www.kokunai4.jp"]


def test_a_warm_build_draws_an_svg_logo_without_svglib_in_each_variants_colours(tmp_path):
    from tests.test_artwork import campaign_with_logo

    campaign = campaign_with_logo(tmp_path, "logo.svg")
    cache = tmp_path / "checks"
    both = ("print", "screen")
    assert "svglib.svglib" in _build(tmp_path / "cold", cache, campaign, both)
    assert len(_of(cache, "artwork")) == 2  # CMYK through the profile; sRGB
    assert _unsafe(_build(tmp_path / "warm", cache, campaign, both)) == []
    cold = sorted((tmp_path / "cold").rglob("*.pdf"))
    warm = sorted((tmp_path / "warm").rglob("*.pdf"))
    assert [p.name for p in cold] == [p.name for p in warm] == [
        "poster-jis-b2-screen.pdf", "poster-jis-b2.pdf"]
    for one, other in zip(cold, warm, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name
    # the logo's colours: CMYK in print, RGB on screen, from the remembered operators
    for path, fill in zip(warm, ("rg", "k"), strict=True):
        with pikepdf.open(path) as document:
            operators = {str(op) for _, op in pikepdf.parse_content_stream(document.pages[0])}
        assert fill in operators, path.name


def test_the_logos_conversion_key_names_the_print_profiles_bytes(tmp_path):
    from posters.print.icc import default_cmyk_profile

    profile = tmp_path / "profile.icc"
    profile.write_bytes(default_cmyk_profile().read_bytes())
    first = pdf._conversion(True, profile)
    assert first == pdf._conversion(True, default_cmyk_profile()) != pdf._conversion(False,
                                                                                    profile)
    profile.write_bytes(profile.read_bytes() + b"\0")  # another profile, another key
    assert pdf._conversion(True, profile) != first


def _validate(campaign: Path, cache: Path) -> set[str]:
    return modules_after("validate", str(campaign), cache=cache)


def test_a_warm_validate_checks_the_icons_and_the_logo_without_svglib(tmp_path):
    from tests.test_artwork import campaign_with_logo

    campaign = campaign_with_logo(tmp_path, "logo.svg")
    cache = tmp_path / "checks"
    assert "svglib.svglib" in _validate(campaign, cache)
    assert _unsafe(_validate(campaign, cache)) == []
