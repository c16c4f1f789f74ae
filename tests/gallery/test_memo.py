"""The page's language names and embedded fonts are remembered across processes: a build
is a new process, and making them again costs Babel's locale data and font subsetting."""

from __future__ import annotations

import pytest

from posters.gallery import fonts as fonts_module
from posters.gallery import html as html_module


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTERS_GALLERY_CACHE", str(tmp_path / "gallery"))
    html_module.language.cache_clear()
    fonts_module._made.clear()
    yield tmp_path / "gallery"
    html_module.language.cache_clear()
    fonts_module._made.clear()


def new_process() -> None:
    """What a new process starts without: the in-memory caches."""
    html_module.language.cache_clear()
    fonts_module._made.clear()


def test_language_names_are_made_once(cache, monkeypatch):
    thai = html_module.language("th", "Thai")
    assert (thai.autonym, thai.english, thai.rtl) == ("ไทย", "Thai", False)
    assert html_module.language("ar", "").rtl is True
    # the report's own name is a fallback only, and not remembered
    assert html_module.language("x-klingon", "tlhIngan Hol").autonym == "TlhIngan Hol"
    assert {p.name.split("-")[0] for p in cache.glob("*.json")} == {"language"}
    assert len(list(cache.glob("*.json"))) == 2
    new_process()
    import posters.languages

    def refused(*args):  # type: ignore[no-untyped-def]
        raise AssertionError("asked Babel again")

    monkeypatch.setattr(posters.languages, "autonym", refused)
    assert html_module.language("th", "Thai") == thai
    assert html_module.language("th", "ไทย") == thai  # whichever name the report gives


def test_embedded_fonts_are_made_once_per_set_of_characters(cache, monkeypatch):
    text = "Proofs: ไทย (Thai) · العربية"
    first = fonts_module.embedded_fonts(text)
    if not first.css:
        pytest.skip("fonts not installed: run `posters fonts install`")
    assert any(cache.glob("fonts-*.json"))
    new_process()
    made = []
    original = fonts_module._embedded

    def counting(needed, config):  # type: ignore[no-untyped-def]
        made.append(needed)
        return original(needed, config)

    monkeypatch.setattr(fonts_module, "_embedded", counting)
    assert fonts_module.embedded_fonts(text) == first
    assert made == []
    # other characters: made, not taken from the cache
    other = fonts_module.embedded_fonts(text + " ខ្មែរ")
    assert len(made) == 1 and other.css != first.css
    # a damaged cache file costs making it again
    new_process()
    for path in cache.glob("fonts-*.json"):
        path.write_text("{not json")
    assert fonts_module.embedded_fonts(text) == first
    assert len(made) == 2


def test_a_campaign_s_own_language_is_named_as_the_campaign_says(cache, monkeypatch):
    import posters.languages as languages

    monkeypatch.setitem(languages._rules, "x-tlh", "en")
    monkeypatch.setitem(languages._names, "x-tlh", "tlhIngan Hol")
    languages.autonym.cache_clear()
    try:
        assert html_module.language("x-tlh", "").autonym == "tlhIngan Hol"
        assert not list(cache.glob("language-*.json"))  # another campaign may name it
    finally:
        languages.autonym.cache_clear()
