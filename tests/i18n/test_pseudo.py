"""Pseudo-locales qps-ploc (left to right) and qps-plocm (right to left)."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import pytest

from posters.i18n.pseudo import base_language, pseudo_text
from tests.pdftools import extract_text, require_pdftotext

from .helpers import ROOT, SAMPLE, load


@pytest.mark.parametrize("source", [
    "Trafficking in Persons",
    "If you recognize yourself or someone else as a victim, please call {police}.",
    "More than {value} of the victims were under 18!",
    "Toll-free",
])
def test_pseudo_text_is_accented_bracketed_and_about_40_percent_longer(source):
    pseudo = pseudo_text(source)
    assert pseudo.startswith("[") and pseudo.endswith("]")
    ratio = len(pseudo) / len(source)
    assert 1.3 <= ratio <= 1.5, (pseudo, ratio)
    assert re.findall(r"\{\w+\}", pseudo) == re.findall(r"\{\w+\}", source)
    plain = unicodedata.normalize("NFD", pseudo)
    assert sum(unicodedata.combining(c) > 0 for c in plain) >= 3  # accented
    assert re.findall(r"\d+", pseudo) == re.findall(r"\d+", source)  # numbers stay


def test_the_rtl_pseudo_locale_borrows_a_right_to_left_language():
    campaign = load(SAMPLE)
    assert base_language(campaign, "qps-ploc") == "en"
    assert base_language(campaign, "qps-plocm") == "ar"


@pytest.mark.parametrize("lang", ["qps-ploc", "qps-plocm"])
def test_a_pseudo_locale_builds_with_every_text_pseudo(tmp_path, lang):
    require_pdftotext()
    done = subprocess.run(
        [sys.executable, "-m", "posters", "build", str(SAMPLE), "--lang", lang, "--format",
         "card", "--format", "trifold", "--region", "generic", "--no-gallery", "--out",
         str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    text = extract_text(tmp_path / "tip-2023" / lang / "card-jp.pdf")
    assert pseudo_text("Police consultation")[1:-1] in text  # a label, as a reader sees it
    assert "Police consultation" not in text  # no text escaped the pseudo-locale
    assert "9110" in text and "0120-924-839" in text  # data stays data
    trifold = extract_text(tmp_path / "tip-2023" / lang / "trifold-iso-a4.pdf")
    assert "Ţŕàà" in trifold
