"""SVG icons, logos and characters no font has: each is found by `posters validate` at
its campaign.yaml (or PO) line, naming the file, and a build never calls it a bug."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from tests.i18n.helpers import JA, msgid_line, translate

from .conftest import ROOT, assert_user_error, edit, line_of, posters

SAMPLE = ROOT / "content" / "tip-2023"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">{}<path d="M0 0L48 48"/></svg>'
ATTACKS = {
    "external-entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/'
                       'passwd">]>' + SVG.format("<title>&x;</title>"),
    "entity-bomb": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b '
                   '"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;'
                   '&b;">]>' + SVG.format("<title>&c;</title>"),
    "image": SVG.format('<image href="https://evil.example/x.png" width="9" height="9"/>'),
    "script": SVG.format("<script>alert(1)</script>"),
    "huge-path": SVG.format('<path d="M0 0' + " L1 1" * 300_000 + '"/>'),
    "not-svg": "\x89PNG\r\n\x1a\n not an svg at all",
    "bad-colour": SVG.format('<path d="M0 0L9 9" stroke="notacolour"/>'),  # svglib refuses
    "bad-transform": SVG.format('<g transform="rotate(a)"><path d="M0 0L4 4"/></g>'),
}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    folder = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, folder)
    (folder / "assets" / "icons").mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_an_icon_that_cannot_be_drawn_is_found_at_validate(sample: Path, attack: str) -> None:
    """Required: `posters validate` exits 1 at campaign.yaml:<the sign's line>, naming
    contract.svg (once 'ok', then "internal error" at build)."""
    (sample / "assets" / "icons" / "contract.svg").write_text(ATTACKS[attack])
    line = line_of(sample / "campaign.yaml", "icon: contract")
    run = posters("validate", sample)
    assert_user_error(run, "contract.svg")
    assert f"campaign.yaml:{line}:" in run.output or f"campaign.yaml:{line + 1}:" in run.output


@pytest.mark.parametrize("attack", ["bad-colour", "script"])
def test_an_icon_failing_at_build_is_a_user_error(sample: Path, tmp_path: Path,
                                                  attack: str, engine) -> None:  # type: ignore[no-untyped-def]
    """Required: the build (which skips `validate`'s drawing checks) fails the output with
    the icon's path and no "internal error"."""
    from posters.build import BuildRequest, build

    (sample / "assets" / "icons" / "contract.svg").write_text(ATTACKS[attack])
    request = BuildRequest(sample, out_dir=tmp_path / "out", languages=("en",),
                           formats=("poster",), sizes=("jis-b2",), regions=("generic",),
                           gallery=False)
    try:
        result = build(request, engine)
    except Exception as error:  # the validation at plan() may catch it first: fine
        assert "contract.svg" in str(error) and "internal error" not in str(error)
        return
    messages = [str(d) for d in result.diagnostics]
    assert result.failed and any("contract.svg" in m for m in messages), messages
    assert not any("internal error" in m for m in messages), messages


@pytest.mark.parametrize("target", ["/etc/passwd", "/nonexistent/icon.svg"])
def test_an_icon_linked_out_of_the_campaign_is_an_error(sample: Path, target: str) -> None:
    """Required: exit 1 'link to a file outside the campaign' (once skipped silently and
    replaced by the stock icon of that name); the target is never read."""
    os.symlink(target, sample / "assets" / "icons" / "contract.svg")
    assert_user_error(posters("validate", sample), "contract.svg", "outside the campaign")


def _png(width: int, height: int, rows: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width + 1) * rows, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


@pytest.mark.parametrize(("data", "expected"), [
    (_png(30000, 30000, 4), "30000 x 30000 px"),  # a 900-megapixel bomb in 1 KB
    (_png(400, 200, 200)[:60], "damaged or cut off"),  # truncated
    (b"GIF89a not really", "not an image"),
], ids=["bomb", "truncated", "not-an-image"])
def test_a_raster_logo_is_checked_before_decoding(campaign: Path, data: bytes,
                                                  expected: str) -> None:
    """Required: exit 1 at the logo's campaign.yaml line naming logo.png (no
    DecompressionBombError, no decoding of 900 million pixels)."""
    (campaign / "logo.png").write_bytes(data)
    path = edit(campaign, "brand:\n", "brand:\n  logo: logo.png\n")
    line = line_of(path, "logo: logo.png")
    assert_user_error(posters("validate", campaign), f"campaign.yaml:{line}:", "logo.png",
                      expected)


def test_a_good_logo_passes(campaign: Path) -> None:
    """Required: exit 0 for a sound 400 x 200 PNG."""
    (campaign / "logo.png").write_bytes(_png(400, 200, 200))
    edit(campaign, "brand:\n", "brand:\n  logo: logo.png\n")
    for lang in ("ja", "ru", "ar"):
        (campaign / "locale" / lang).mkdir(parents=True, exist_ok=True)
    run = posters("validate", campaign)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("char", ["\\U0001F600", "\\ue000", "\\U0002A6D6"])
def test_a_character_no_font_has_is_found_at_validate(campaign: Path, char: str) -> None:
    """Required: exit 1 at the headline's line with the code point (once 'ok' at validate
    and a ValueError traceback at build)."""
    path = edit(campaign, "headline: Help is near", f'headline: "Help is near {char}"')
    line = line_of(path, "headline:")
    code = char.replace("\\U000", "U+").replace("\\u", "U+").upper().replace("U+E000", "U+E000")
    assert_user_error(posters("validate", campaign), f"campaign.yaml:{line}:",
                      "no font for en has the character", code)


def test_a_character_no_font_has_in_a_catalog_is_found_at_its_po_line(campaign: Path) -> None:
    """Required: exit 1 at messages.po:<msgid line> of the Japanese tagline with an emoji."""
    path = translate(campaign, "ja", {**JA, "content.tagline": "助けはすぐそばに😀"})
    assert_user_error(posters("validate", campaign),
                      f"messages.po:{msgid_line(path, 'content.tagline')}:",
                      "no font for ja has the character", "U+1F600")


def test_a_build_with_an_uncovered_character_is_a_user_error(campaign: Path, tmp_path: Path,
                                                             engine) -> None:  # type: ignore[no-untyped-def]
    """Required: the build fails the output with the headline's line, no ValueError."""
    from posters.build import BuildRequest, build

    path = edit(campaign, "headline: Help is near", 'headline: "Help is near \\U0001F600"')
    result = build(BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                                formats=("poster",), sizes=("jis-b2",), regions=("generic",),
                                gallery=False), engine)
    messages = [str(d) for d in result.diagnostics]
    assert result.failed
    assert any(f"campaign.yaml:{line_of(path, 'headline:')}" in m and "U+1F600" in m
               for m in messages), messages
