"""What a `posters build` process loads: with nothing to do, none of the renderer, the PDF
libraries, the rasterizer or the text engine; with one output to make, only what that
output needs (#20: a whole process's fixed cost). Each build runs in a fresh interpreter,
and its ``sys.modules`` is what is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.probe import loaded, modules_after

# long options only: click builds its "did you mean" for a short option (its parser tries
# "-q" as a long option first), which imports difflib
POSTER = ["--lang", "en", "--format", "poster", "--size", "jis-b2", "--variant", "print",
          "--region", "generic", "--jobs", "1", "--quiet"]


# what drawing, checking and previewing a PDF bring in
HEAVY = ("reportlab", "pikepdf", "pypdfium2", "uharfbuzz", "svglib", "fontTools",
         "posters.render", "posters.preflight", "posters.print.pdfx", "posters.text.engine",
         "posters.layout.compose", "posters.build.write")


def _modules(*args: str, cache: Path) -> set[str]:
    return modules_after("build", *args, cache=cache)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, set[str]]:
    """The poster built once (forced, without the gallery): the output folder, the check
    cache and the modules that build loaded."""
    scratch = tmp_path_factory.mktemp("startup")
    out, cache = scratch / "out", scratch / "checks"
    modules = _modules(str(SAMPLE), "--out", str(out), *POSTER, "--force", "--no-gallery",
                       cache=cache)
    return out, cache, modules


def test_a_build_with_nothing_to_do_loads_no_renderer_pdf_library_or_text_engine(built):
    out, cache, _ = built
    modules = _modules(str(SAMPLE), "--out", str(out), *POSTER, "--no-gallery", cache=cache)
    assert loaded(modules, HEAVY) == []
    # nor the gallery's code, a catalog reader (the source language) or a worker pool
    assert loaded(modules, ("posters.gallery", "posters.i18n.catalogs",
                             "concurrent.futures.process")) == []
    # the gallery written once; then it too is up to date
    _modules(str(SAMPLE), "--out", str(out), *POSTER, cache=cache)
    assert loaded(_modules(str(SAMPLE), "--out", str(out), *POSTER, cache=cache),
                   HEAVY) == []


# what no build of a poster needs: the network (xml.sax.saxutils imports urllib.request,
# http.client and ssl), the HTML edition's page writer, and a process pool for one task
NEVER_FOR_A_POSTER = ("ssl", "http", "urllib.request", "xml.sax", "email",
                      "posters.edition.site", "concurrent.futures.process",
                      "multiprocessing")


def test_one_output_loads_only_what_it_needs(built):
    _, _, modules = built
    assert loaded(modules, ("reportlab", "posters.render", "posters.preflight")) != []
    # a print poster in the source language, in this process (-j 1), no gallery: no
    # worker pool, no catalog, no gallery code, no preview rasterizer
    assert loaded(modules, ("concurrent.futures.process", "posters.i18n.catalogs",
                             "posters.gallery", "pypdfium2")) == []
    # the contrast check's colours (posters.edition.contrast) come without the page writer
    assert "posters.edition.contrast" in modules
    assert loaded(modules, tuple(n for n in NEVER_FOR_A_POSTER if n != "email")) == []
    assert loaded(modules, NOT_ON_A_POSTER_S_PATH) == []


# what only a rare branch needs (#20): a "did you mean" for a mistake (difflib), the block
# types a poster's layout does not name (chart, languages)
NOT_ON_A_POSTER_S_PATH = ("difflib", "posters.layout.blocks.chart",
                          "posters.layout.blocks.languages")

# Pillow's colour management and image arithmetic: for a colour the check cache does not
# hold, an image to convert, a page to rasterize
LITTLE_CMS = ("PIL.ImageCms", "PIL.ImageMath", "PIL.ImageChops")


# what reads the inputs a warm check cache holds the results of
REMEMBERED_INPUTS = ("phonenumbers", "yaml")


def test_a_poster_whose_colours_are_remembered_loads_no_colour_management(built, tmp_path):
    """The first build in a check cache converts the poster's colours with littleCMS
    (PIL.ImageCms); the same poster built again (forced) finds them in the cache and
    imports neither ImageCms nor Pillow's image arithmetic (posters.print.colour,
    posters.preflight.raster)."""
    _, cache, cold = built
    assert "PIL.ImageCms" in cold
    again = _modules(str(SAMPLE), "--out", str(tmp_path / "out"), *POSTER, "--force",
                     "--no-gallery", cache=cache)
    assert loaded(again, ("reportlab", "posters.render", "posters.preflight")) != []
    assert loaded(again, LITTLE_CMS) == []
    assert loaded(again, NOT_ON_A_POSTER_S_PATH) == []
    # nor libphonenumber nor PyYAML: the campaign's numbers passed before
    # (posters.schema.phone), its files read before (posters.schema.source)
    assert loaded(again, REMEMBERED_INPUTS) == []
    # nor importlib.resources and its readers (the package's files found from its folders)
    assert loaded(again, ("importlib.resources", "importlib.readers", "zipfile")) == []


def test_a_misspelt_block_type_still_gets_its_suggestion():
    """difflib, imported only where a suggestion is written, still gives it."""
    from posters.layout.options import did_you_mean

    assert did_you_mean("hotline", ["hotlines", "qr"]) == "; did you mean 'hotlines'?"


def test_one_poster_with_its_gallery_starts_no_process_pool(tmp_path):
    """One preview is rendered in the process that builds: multiprocessing is imported
    only where the gallery renders several in a pool (posters.gallery.previews)."""
    args = [str(SAMPLE), "--out", str(tmp_path / "out"), *POSTER, "--force"]
    modules = _modules(*args, cache=tmp_path / "checks")
    assert loaded(modules, ("posters.gallery",)) != []
    assert loaded(modules, ("concurrent.futures.process", "multiprocessing", "ssl",
                             "http", "urllib.request", "xml.sax")) == []


# what loading and checking a campaign brings in: Babel, ICU, YAML, the schema and model
CAMPAIGN = ("babel", "icu", "yaml", "phonenumbers", "posters.schema", "posters.model",
            "posters.layout", "posters.i18n", "posters.text", "posters.languages",
            "posters.build.pipeline", "posters.build.task")


def test_nothing_changed_since_the_last_build_loads_not_even_the_campaign(built):
    """The build record (posters.build.record) answers; without it, the same build loads
    and checks the campaign."""
    out, cache, _ = built
    args = (str(SAMPLE), "--out", str(out), *POSTER, "--no-gallery")
    _modules(*args, cache=cache)  # the record of this very request
    assert loaded(_modules(*args, cache=cache), (*HEAVY, *CAMPAIGN)) == []
    (out / SAMPLE.name / ".build-record.json").unlink()
    unrecorded = _modules(*args, cache=cache)
    assert loaded(unrecorded, ("posters.schema", "babel", "yaml")) != []
    # the campaign and its layouts are read and checked, but no language is localized
    # (posters.i18n.pseudo asks nothing of posters.localize) and nothing drawn
    assert loaded(unrecorded, ("posters.localize", "posters.i18n.numbers",
                                "posters.layout.compose", *HEAVY,
                                *NOT_ON_A_POSTER_S_PATH)) == []
    # nor, its files and numbers read before, PyYAML or libphonenumber, nor the SVG reader
    # (posters.schema.assets: the icons passed before)
    assert loaded(unrecorded, ("lxml", *REMEMBERED_INPUTS)) == []


def test_an_output_without_svg_art_does_not_load_svglib(tmp_path):
    """The sample's card has a QR code but neither icons nor the logo: svglib is imported
    where an icon or artwork is drawn that the user cache does not hold
    (posters.render.icons), the QR encoder where a QR code is encoded that it does not
    hold (posters.render.pdf.qr_matrix)."""
    card = [str(SAMPLE), "--out", str(tmp_path / "out"), "--lang", "en", "--format", "card",
            "-j", "1", "-q", "--no-gallery", "--force"]
    # the first build checks the campaign's icons by drawing them (posters.schema.checked)
    # and encodes its QR code
    cold = _modules(*card, cache=tmp_path / "checks")
    assert loaded(cold, ("svglib",)) != []
    assert loaded(cold, ("reportlab.graphics.barcode",)) != []
    # the QR code's matrix is remembered like the check (#20): the encoder is not loaded
    modules = _modules(*card, cache=tmp_path / "checks")
    assert loaded(modules, ("svglib", "reportlab.graphics", "reportlab.platypus")) == []


def _validated(*args: str, cache: Path) -> set[str]:
    return modules_after("validate", *args, cache=cache)


def test_validate_draws_only_icons_it_has_not_drawn_before(tmp_path):
    """`posters validate` checks that every icon draws (posters.schema.assets
    .check_drawings); an icon whose bytes drew under this code before is not drawn again,
    so validate then loads neither svglib, ReportLab, pikepdf nor the renderer, and never
    the network modules."""
    cache = tmp_path / "checks"
    first = _validated(str(SAMPLE), "--no-layout", cache=cache)
    assert loaded(first, ("svglib",)) != []  # drawn: the cache was empty
    again = _validated(str(SAMPLE), "--no-layout", cache=cache)
    assert loaded(again, ("posters.schema.campaign", "babel", "uharfbuzz")) != []
    assert loaded(again, ("svglib", "reportlab", "pikepdf", "pypdfium2", "posters.render",
                           "posters.preflight", "posters.print.pdfx",
                           *NEVER_FOR_A_POSTER)) == []
