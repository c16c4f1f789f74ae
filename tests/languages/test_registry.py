"""The language registry (posters.languages): one record per language, one decision of its
direction, and a font configuration that cannot contradict CLDR."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from babel import Locale

from posters import languages
from posters.i18n.numbers import format_statistic
from posters.localize import localize
from posters.model import StatisticKind
from posters.schema.campaign import load_campaign
from posters.schema.language_setup import campaign_font_config
from posters.text.config import DEFAULT_CONFIG, FontConfigError, load_config
from tests.languages.test_campaigns import US, campaign

STOCK = load_config()
CONFIGURED = sorted(STOCK.languages)


def test_the_stock_configuration_lives_inside_the_package():
    import posters

    assert DEFAULT_CONFIG.is_relative_to(Path(posters.__file__).parent)
    assert DEFAULT_CONFIG.is_file()


@pytest.mark.parametrize("lang", CONFIGURED)
def test_every_stage_gets_the_direction_cldr_gives(lang):
    """The text engine's record, the registry's answer (what localize and the HTML edition
    ask) and CLDR agree, for every language of fonts.yaml."""
    record = STOCK.resolve(lang)
    assert record.lang == lang
    assert record.direction == languages.direction(lang)
    assert record.rtl == languages.is_rtl(lang)
    if languages.is_known(lang):
        assert record.direction == Locale.parse(lang.replace("-", "_")).text_direction
    else:  # prs: the direction of its script (Arabic)
        assert record.direction == languages.script_direction(record.script)


def test_right_to_left_languages_are_the_ones_expected():
    rtl = {lang for lang in CONFIGURED if STOCK.resolve(lang).rtl}
    assert {"ar", "he", "fa", "ur", "ps", "sd", "ckb", "prs", "pa-Arab", "fa-AF"} <= rtl
    assert not rtl & {"en", "ja", "th", "my", "hi", "am", "ko", "zh-Hant", "sr-Latn", "ku"}


def test_the_direction_table_is_babels_for_every_locale():
    """posters/data/cldr-directions.json answers for Babel without loading each locale: it
    must be what Babel says for every locale it carries (regenerate it with
    `python -m posters.languages` after a Babel upgrade), and it must be in use here."""
    import json

    import babel

    table = json.loads(languages.DIRECTIONS_FILE.read_text(encoding="utf-8"))
    assert table["babel"] == babel.__version__, "regenerate: python -m posters.languages"
    assert table["rtl"] == languages.rtl_locales_from_babel()
    assert languages._rtl_locales() == frozenset(table["rtl"])


def test_the_names_table_is_babels_for_every_locale_and_loads_no_locale_data(monkeypatch):
    """posters/data/cldr-names.json gives each locale's own name as Babel does (regenerate
    it with `python -m posters.languages` after a Babel upgrade), so that naming a
    language loads none of its CLDR data; a name the table lacks is asked of Babel."""
    import json

    import babel
    from babel import localedata

    table = json.loads(languages.NAMES_FILE.read_text(encoding="utf-8"))
    assert table["babel"] == babel.__version__, "regenerate: python -m posters.languages"
    assert table["names"] == languages.own_names_from_babel()
    expected = {tag: languages.autonym(tag) for tag in ("th", "zh-Hans", "ar", "es", "my")}
    assert expected == {"th": "ไทย", "zh-Hans": "中文 (简体)", "ar": "العربية",
                        "es": "Español", "my": "မြန်မာ"}
    languages.autonym.cache_clear()
    languages.babel_locale.cache_clear()  # new Locale objects, their data not yet loaded
    loaded: list[str] = []
    real = localedata.get_locale_data

    def loading(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        loaded.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(localedata, "get_locale_data", loading)
    try:
        assert {tag: languages.autonym(tag) for tag in expected} == expected
        assert loaded == []
        monkeypatch.setattr(babel, "__version__", "0.0-other")
        languages._own_names.cache_clear()
        languages.autonym.cache_clear()
        languages.babel_locale.cache_clear()
        assert {tag: languages.autonym(tag) for tag in expected} == expected
        assert loaded  # asked of Babel
    finally:
        monkeypatch.undo()
        languages._own_names.cache_clear()
        languages.autonym.cache_clear()


def test_under_another_babel_the_direction_is_asked_of_babel(monkeypatch):
    import babel

    monkeypatch.setattr(babel, "__version__", "0.0-other")
    languages._rtl_locales.cache_clear()
    try:
        assert languages._rtl_locales() is None
        assert languages.cldr_direction(Locale.parse("ar")) == "rtl"
        assert languages.cldr_direction(Locale.parse("ur_IN")) == "rtl"
        assert languages.cldr_direction(Locale.parse("sr_Latn")) == "ltr"
    finally:
        monkeypatch.undo()
        languages._rtl_locales.cache_clear()


def test_the_font_configuration_is_read_once_per_file_state(tmp_path):
    path = _with(tmp_path, lambda d: None)
    first = load_config(path)
    assert load_config(path) is first
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_config(path) is not first


def _with(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "fonts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_script_direction_that_contradicts_cldr_is_refused(tmp_path):
    path = _with(tmp_path, lambda d: d["scripts"]["Latn"].update(direction="rtl"))
    with pytest.raises(FontConfigError, match=r"script Latn: direction rtl contradicts CLDR"):
        load_config(path)


def test_a_language_direction_that_contradicts_cldr_is_refused(tmp_path):
    path = _with(tmp_path, lambda d: d["languages"].update(he={"direction": "ltr"}))
    with pytest.raises(FontConfigError, match=r"language he: direction ltr contradicts CLDR"):
        load_config(path)


def test_a_direction_that_agrees_with_cldr_is_accepted(tmp_path):
    path = _with(tmp_path, lambda d: d["languages"].update(he={"direction": "rtl"}))
    assert load_config(path).language("he").rtl


def test_dari_numbers_follow_cldr_fa_af():
    """prs follows fa-AF (Persian digits) in ICU's numbers as in Babel's plurals; before the
    registry ICU formatted it with the root locale (``30%``, ``1234567``)."""
    assert languages.cldr_tag("prs") == "fa-AF"
    share = format_statistic(0.3, StatisticKind.SHARE, "prs")
    assert share == format_statistic(0.3, StatisticKind.SHARE, "fa-AF") == "۳۰٪"


def test_a_campaign_extends_the_registry(tmp_path):
    """`locales:` (rules, name, script) and `fonts:` reach every stage through the registry:
    numbers follow the rules, and localize and the text engine give one direction."""
    folder = campaign(tmp_path, US, ("languages: [en, es]", "languages: [en, es, hmn]\n"
                                     "  locales:\n    hmn: {rules: en, name: Hmoob, script: Latn}"))
    loaded, _warnings = load_campaign(folder)
    assert languages.cldr_tag("hmn") == "en"
    assert languages.script_of("hmn") == "Latn"
    assert languages.autonym("hmn") == "Hmoob"
    assert format_statistic(1234567, StatisticKind.COUNT, "hmn") == "1,234,567"
    record = campaign_font_config(loaded).language("hmn")
    assert (record.script, record.direction, record.cldr) == ("Latn", "ltr", "en")
    assert localize(loaded, "hmn").rtl is record.rtl is False


def test_a_language_following_rtl_rules_in_a_latin_script_is_set_left_to_right(tmp_path):
    """The direction is the script's, not the rules': before the registry localize took it
    from the rules' locale (rtl) while the text engine took it from the script (ltr)."""
    folder = campaign(tmp_path, US, ("languages: [en, es]", "languages: [en, es, shu]\n"
                                     "  locales:\n    shu: {rules: ar, name: Shuwa, script: Latn}"))
    loaded, _warnings = load_campaign(folder)
    record = campaign_font_config(loaded).language("shu")
    assert record.direction == "ltr" == languages.direction("shu")
    assert localize(loaded, "shu").rtl is False


def test_cjk_rules_are_the_registrys():
    ja, zh, ko, en = (STOCK.resolve(t) for t in ("ja", "zh-Hans", "ko", "en"))
    assert ja.phrase_model == "load_default_japanese_parser" and ja.icu_locale == "ja@lb=strict"
    assert (zh.phrase_model, zh.cjk_punctuation) == ("load_default_simplified_chinese_parser",
                                                     "closing-colon")
    assert ja.cjk_punctuation == "centred-colon"
    assert ko.keep_all and ko.phrase_model is None and ko.cjk_punctuation is None
    assert (en.phrase_model, en.cjk_punctuation, en.keep_all) == (None, None, False)
