"""The campaign keys this work added: count captions with plural forms, native_digits."""

from __future__ import annotations

import pytest

from posters.diagnostics import ContentError
from posters.schema.campaign import load_campaign

from .helpers import load


def edit(folder, old, new):
    path = folder / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors(folder) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_campaign(folder)
    return [str(d) for d in raised.value.diagnostics]


def test_a_count_caption_has_singular_and_plural(small):
    caption = next(t for t in load(small).texts()
                   if t.key == "content.statistics.items.victim-was-identified.caption")
    assert (caption.source, caption.plural) == ("{value} victim was identified",
                                                "{value} victims were identified")
    assert caption.comments == ("Translators: {value} is a number of people.",)
    assert caption.location.line == 40


def test_plural_forms_are_for_counts_only(small):
    edit(small, "        kind: count\n", "        kind: share\n")
    edit(small, "      - value: 1234\n", "      - value: 0.5\n")
    [error] = errors(small)
    assert "campaign.yaml:40:" in error
    assert "singular and plural forms (one/other) are for counts only" in error


def test_each_plural_form_needs_the_placeholder(small):
    edit(small, '          other: "{value} victims were identified"',
         '          other: "victims were identified"')
    [error] = errors(small)
    assert "campaign.yaml:41:" in error and "must contain the placeholder {value}" in error


def test_native_digits_must_name_a_campaign_language_with_native_digits(small):
    edit(small, "  native_digits: [ar]", "  native_digits: [ar, fa, ja]")
    found = errors(small)
    assert len(found) == 2
    assert any("'fa' is not one of the campaign's languages" in e for e in found)
    assert any("'ja' has no native digits in CLDR" in e for e in found)
    assert all("campaign.yaml:7:" in e for e in found)


def test_latin_digits_name_a_campaign_language_not_also_native(small):
    edit(small, "  native_digits: [ar]", "  native_digits: [ar]\n  latin_digits: [ar, fa]")
    found = errors(small)
    assert len(found) == 2
    assert any("'fa' is not one of the campaign's languages" in e for e in found)
    assert any("'ar' is also in campaign.native_digits" in e for e in found)
    assert all("campaign.yaml:8:" in e for e in found)


def test_latin_digits_switch_a_native_default_off(small):
    from posters.localize import uses_native_digits

    campaign = load(small)
    assert uses_native_digits(campaign, "ar") is True
    assert uses_native_digits(campaign, campaign.meta.source_language) is None
