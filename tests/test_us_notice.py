"""The second sample campaign, content/us-notice: a US state-mandated human-trafficking
notice unlike the first sample (no statistics, no data, four hotlines with a text line,
the stock indicator icons), complete in its four languages."""

from __future__ import annotations

import pytest

from posters.assets import STOCK_ICONS
from posters.i18n.catalogs import load_lookup
from posters.localize import localize
from posters.validate import load_campaign
from tests.conftest import ROOT

NOTICE = ROOT / "content" / "us-notice"
NUMBERS = {"national": "1-888-373-7888", "text": "233733", "georgia": "1-866-363-4842",
           "emergency": "911"}


@pytest.fixture(scope="module")
def notice():
    campaign, warnings = load_campaign(NOTICE, strict=True)
    assert list(warnings) == []
    return campaign


def test_the_notice_is_unlike_the_first_sample(notice):
    assert notice.meta.languages == ("en", "es", "vi", "ko")
    assert notice.content.statistics is None and notice.data is None
    assert notice.content.local_contacts is None
    assert {h.id: h.number for h in notice.content.hotlines} == NUMBERS
    icons = [sign.icon_file for sign in notice.content.warning_signs.items]
    assert len(icons) == 8
    assert all(icon.parent == STOCK_ICONS for icon in icons)
    sample = load_campaign(ROOT / "content" / "tip-2023")[0]
    assert not {s.icon for s in sample.content.warning_signs.items} & {
        s.icon for s in notice.content.warning_signs.items}


@pytest.mark.parametrize("lang", ["es", "vi", "ko"])
def test_every_text_is_translated_and_passes_the_translation_checks(notice, lang):
    lookup, problems = load_lookup(notice, lang)
    assert [str(p) for p in problems] == []
    localized = localize(notice, lang, lookup)
    english = localize(notice, "en", load_lookup(notice, "en")[0])
    assert localized.headline.text != english.headline.text
    # the hotlines are printed as authored, in every language
    action = localized.call_to_action.text
    for number in NUMBERS.values():
        assert number in action
    for sign, source in zip(localized.warning_signs, english.warning_signs,
                            strict=True):
        assert sign.text.text != source.text.text
