"""The gallery embeds the posters' own fonts, cut down to the characters of the page."""

from __future__ import annotations

import base64
import re

import pytest
import uharfbuzz as hb

from posters.gallery.fonts import embedded_fonts
from posters.text.cache import instance_spec
from posters.text.config import load_config

FACE = re.compile(r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+); '
                  r'src: url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\) format\("truetype"\); \}')


@pytest.fixture(scope="module")
def config():
    config = load_config()
    for font_id in ("noto-sans", "noto-sans-thai", "noto-sans-khmer", "noto-sans-jp"):
        if not instance_spec(config, font_id, "regular").path().is_file():
            pytest.skip("fonts not installed: run `posters fonts install`")
    return config


def faces(css: str) -> dict[tuple[str, int], set[int]]:
    found = {}
    for family, weight, data in FACE.findall(css):
        face = hb.Face(hb.Blob(base64.b64decode(data)))
        found[(family, int(weight))] = set(face.unicodes)
    return found


def test_each_script_gets_its_font_with_exactly_the_characters_needed(config):
    text = "Proofs: ไทย (Thai) · ខ្មែរ (Khmer) · Español · 日本語"
    embedded = embedded_fonts(text, config)
    found = faces(embedded.css)
    # each CJK font draws Han its own way: all four carry it
    cjk = {f"pf-noto-sans-{region}" for region in ("jp", "sc", "tc", "kr")}
    assert set(embedded.families) == {"pf-noto-sans", "pf-noto-sans-thai",
                                      "pf-noto-sans-khmer", *cjk}
    for weight in (400, 700):
        assert found[("pf-noto-sans-thai", weight)] == {ord(c) for c in "ไทย"}
        assert found[("pf-noto-sans-khmer", weight)] == {ord(c) for c in "ខ្មែរ"}
        for family in cjk:
            assert found[(family, weight)] == {ord(c) for c in "日本語"}
        # ASCII stays with the system's interface font; the punctuation every font has
        # comes once, with the Latin one
        assert found[("pf-noto-sans", weight)] == {ord("ñ"), ord("·")}
    # text marked as Thai tries the Thai font first, as Thai posters do
    assert re.search(r':lang\(th\) \{ font-family: "pf-noto-sans-thai", "pf-noto-sans"',
                     embedded.css)
    assert ":lang(es)" not in embedded.css  # Latin-script names keep the interface font


def test_plain_ascii_needs_no_font(config):
    assert embedded_fonts("Proofs: Trafficking in Persons (en)", config).css == ""


def test_a_damaged_font_is_left_to_the_system(config, monkeypatch):
    import posters.gallery.fonts as fonts

    load = fonts.load_face

    def truncated(font_id, config, style):
        face = load(font_id, config, style)
        if font_id != "noto-sans-thai":
            return face
        data = instance_spec(config, font_id, style).path().read_bytes()
        return hb.Face(hb.Blob(data[: len(data) // 2]))  # its cmap reads; subsetting fails

    monkeypatch.setattr(fonts, "load_face", truncated)
    embedded = embedded_fonts("ไทย ខ្មែរ", config)
    assert "pf-noto-sans-khmer" in embedded.families
    assert "pf-noto-sans-thai" not in embedded.families
