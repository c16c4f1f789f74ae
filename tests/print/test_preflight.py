"""Each check catches a PDF broken on purpose, and a good PDF passes all of them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from posters.diagnostics import Level
from posters.preflight import PreflightExpectations, preflight
from tests.print.fixtures import (
    HOTLINES,
    URL,
    Poster,
    corrupt_xref,
    draw_poster,
    make_pdfx_poster,
)

EXPECT = PreflightExpectations(url=URL, texts=HOTLINES, expect_qr=True)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("preflight")


@pytest.fixture(scope="module")
def good(out) -> Path:
    return make_pdfx_poster(out, Poster(), "good")


def codes(report, level: Level | None = None) -> set[str]:
    return {f.code for f in report.findings if level is None or f.level is level}


def test_good_poster_passes_every_check(good):
    report = preflight(good, EXPECT)
    problems = [str(f) for f in report.findings if f.level is not Level.INFO]
    assert problems == []
    # the informational findings prove the raster checks really ran
    assert "PF041" in codes(report) and "PF072" in codes(report)


def test_a_span_that_says_only_a_bidi_mark_is_no_text_in_the_margin(out):
    """A reading span's U+200F over an inkless space draws nothing: it is not text
    reaching into the safe zone (PF050), wherever it stands."""
    path = make_pdfx_poster(out, Poster(silent_at_edge=True), "silent-at-edge")
    report = preflight(path, EXPECT)
    assert [str(f) for f in report.findings if f.level is not Level.INFO] == []
    assert "PF050" in codes(preflight(make_pdfx_poster(
        out, Poster(silent_at_edge=True, text_at_edge=True), "silent-and-text"), EXPECT))


BROKEN = {
    "helvetica-not-embedded": (Poster(font="helvetica"), "PF010"),
    "rgb-fill": (Poster(rgb_fill=True), "PF020"),
    "rgb-image": (Poster(rgb_image=True), "PF021"),
    "low-res-image": (Poster(image_px=100), "PF030"),
    "text-outside-safe-zone": (Poster(text_at_edge=True), "PF050"),
    "qr-wrong-url": (Poster(qr_url="https://www.example.com"), "PF071"),
    "hotline-altered": (Poster(hotlines=("#9110", "0670-012904", "0120-924-830")), "PF080"),
    "notdef-glyph": (Poster(missing_glyph=True), "PF012"),
    "ink-over-limit": (Poster(heavy_ink=True), "PF040"),
    "bleed-too-narrow": (Poster(bleed_mm=1), "PF062"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_check_catches_broken_pdf(out, case):
    poster, code = BROKEN[case]
    pdf = make_pdfx_poster(out, poster, case)
    report = preflight(pdf, EXPECT)
    assert code in codes(report, Level.ERROR), [str(f) for f in report.findings]
    assert report.errors >= 1


def test_low_resolution_warning_between_limits(out):
    pdf = make_pdfx_poster(out, Poster(image_px=300), "ppi-254")  # 30 mm: 254 ppi
    report = preflight(pdf, EXPECT)
    warning = [f for f in report.findings if f.code == "PF031"]
    assert warning and warning[0].level is Level.WARNING
    assert "254 ppi" in warning[0].message
    assert report.errors == 0
    relaxed = preflight(pdf, PreflightExpectations(url=URL, texts=HOTLINES, warn_ppi=150))
    assert "PF031" not in codes(relaxed)


def test_missing_trimbox(out):
    pdf = draw_poster(out / "no-trim.pdf", Poster(trim_box=False))
    report = preflight(pdf, EXPECT)
    assert "PF060" in codes(report, Level.ERROR)


def test_missing_output_intent(out):
    raw = draw_poster(out / "raw.pdf", Poster())
    report = preflight(raw, EXPECT)
    assert {"PF090", "PF091", "PF092"} <= codes(report, Level.ERROR)


def test_corrupted_xref(out, good):
    broken = corrupt_xref(good, out / "bad-xref.pdf")
    found = [f for f in preflight(broken, EXPECT).findings if f.code == "PF001"]
    assert found and found[0].level is Level.ERROR and "damaged" in found[0].message
    assert "PF001" not in codes(preflight(good, EXPECT))


def test_undecodable_stream(out, good):
    broken = out / "bad-stream.pdf"
    with pikepdf.open(good) as pdf:
        contents = pdf.pages[0].obj.Contents
        data = bytearray(contents.read_raw_bytes())
        data[10:20] = bytes(10)  # the deflated page content no longer inflates
        contents.write(bytes(data), filter=pikepdf.Name.FlateDecode)
        pdf.save(broken)
    report = preflight(broken, EXPECT)
    damaged = [f.message for f in report.findings if f.code == "PF001"]
    assert damaged and "error decoding stream data" in damaged[0]
    assert "PF000" in codes(report, Level.ERROR)  # and the page cannot be interpreted


def test_a_damaged_copy_of_a_stream_decoded_before_is_found_each_time(out, good):
    """check_structure decodes a large stream's raw bytes once a process (the output
    profile every print file carries): a file whose profile no longer inflates is still
    damaged, after the good one and every time it is checked."""
    from posters.preflight import checks

    assert "PF001" not in codes(preflight(good, EXPECT))  # its profile decoded: remembered
    broken = out / "bad-profile.pdf"
    with pikepdf.open(good) as pdf:
        profile = pdf.Root.OutputIntents[0].DestOutputProfile
        data = bytearray(profile.read_raw_bytes())
        assert len(data) >= checks._SHARED_STREAM_BYTES  # large enough to be remembered
        data[10:20] = bytes(10)  # the deflated profile no longer inflates
        profile.write(bytes(data), filter=pikepdf.Name.FlateDecode)
        pdf.save(broken)
    for _ in range(2):
        damaged = [f for f in preflight(broken, EXPECT).findings if f.code == "PF001"]
        assert damaged and damaged[0].level is Level.ERROR
    assert "PF001" not in codes(preflight(good, EXPECT))


def test_not_a_pdf(out):
    junk = out / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\nthis is not a PDF\n")
    report = preflight(junk, EXPECT)
    assert "PF001" in codes(report, Level.ERROR)


def test_boxes_not_nested(out, good):
    bad = out / "boxes.pdf"
    with pikepdf.open(good) as pdf:
        page = pdf.pages[0].obj
        x0, y0, x1, y1 = (float(v) for v in page.BleedBox)
        page.TrimBox = pikepdf.Array([x0 - 5, y0, x1, y1])
        pdf.save(bad)
    assert "PF061" in codes(preflight(bad, EXPECT), Level.ERROR)


def test_trapped_missing(out, good):
    bad = out / "untrapped.pdf"
    with pikepdf.open(good) as pdf:
        del pdf.docinfo["/Trapped"]
        pdf.save(bad)
    assert "PF093" in codes(preflight(bad, EXPECT), Level.ERROR)


def test_rgb_is_fine_in_the_screen_variant(out):
    pdf = draw_poster(out / "screen-rgb.pdf", Poster(rgb_fill=True))
    screen = PreflightExpectations(variant="screen", url=URL, texts=HOTLINES, min_bleed_mm=0)
    report = preflight(pdf, screen)
    assert not codes(report) & {"PF020", "PF090", "PF040"}


def test_url_without_scheme_is_accepted_and_missing_url_is_not(good):
    assert "PF080" not in codes(preflight(good, EXPECT))
    other = PreflightExpectations(url="https://www.example.org", texts=HOTLINES)
    found = [f for f in preflight(good, other).findings if f.code == "PF080"]
    assert found and "example.org" in found[0].message


def test_cli_text_json_and_exit_codes(out, good):
    bad = make_pdfx_poster(out, Poster(rgb_fill=True), "cli-rgb")
    cmd = [sys.executable, "-c", "from posters.commands.check import check; check()"]
    expect = [arg for number in HOTLINES for arg in ("--expect", number)]
    ok = subprocess.run([*cmd, str(good), "--url", URL, *expect], capture_output=True,
                        text=True, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 errors, 0 warnings" in ok.stdout
    failed = subprocess.run([*cmd, str(bad), "--json"], capture_output=True, text=True,
                            check=False)
    assert failed.returncode == 1
    data = json.loads(failed.stdout)
    finding = next(f for f in data["files"][0]["findings"] if f["code"] == "PF020")
    assert finding["level"] == "error" and finding["location"]["page"] == 1
    assert "Traceback" not in failed.stderr


def test_cli_folder_and_campaign(out, good, tmp_path):
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "poster.pdf").write_bytes(good.read_bytes())
    campaign = Path(__file__).parents[2] / "content" / "tip-2023" / "campaign.yaml"
    cmd = [sys.executable, "-c", "from posters.commands.check import check; check()"]
    run = subprocess.run([*cmd, str(folder), "--campaign", str(campaign)], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "checked 1 file: 0 errors" in run.stdout


def test_screen_variant_needs_links(out):
    screen = PreflightExpectations(variant="screen", url=URL, texts=HOTLINES, min_bleed_mm=0)
    bare = draw_poster(out / "screen-bare.pdf", Poster(trim_box=False))
    missing = [f.message for f in preflight(bare, screen).findings if f.code == "PF085"]
    assert len(missing) == 4 and any("tel:0120924839" in m for m in missing)
    linked = draw_poster(out / "screen-links.pdf", Poster(trim_box=False, links=True))
    assert "PF085" not in codes(preflight(linked, screen))
