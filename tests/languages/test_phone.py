"""Phone numbers as people write them (posters.schema.phone, libphonenumber)."""

from __future__ import annotations

import pytest

from posters.schema.phone import PhoneError, dial_key, parse_phone


@pytest.fixture(autouse=True)
def _checked_here(tmp_path, monkeypatch):
    """Each number checked by libphonenumber in its test, not recalled from the session's
    check cache (posters.schema.phone remembers what passed)."""
    from posters.schema import phone

    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "phone-checks"))
    phone.parse_phone.cache_clear()
    phone.country_code.cache_clear()
    yield
    phone.parse_phone.cache_clear()
    phone.country_code.cache_clear()

CASES = [
    # written, country, dialled, kind, tel: URI (RFC 3966)
    ("(916) 555-0100", "US", "+19165550100", "fixed line or mobile", "tel:+1-916-555-0100"),
    ("+1 888-373-7888", "US", "+18883737888", "toll-free", "tel:+1-888-373-7888"),
    ("1-888-373-7888", "US", "+18883737888", "toll-free", "tel:+1-888-373-7888"),
    ("1-888-KEY-2-FREE", "US", "+18885392373", "toll-free", "tel:+1-888-539-2373"),
    ("1-855-FLA-SAFE", "US", "+18553527233", "toll-free", "tel:+1-855-352-7233"),
    ("(916) 555-0100 ext. 12", "US", "+19165550100", "fixed line or mobile",
     "tel:+1-916-555-0100;ext=12"),
    ("911", "US", "911", "emergency number", "tel:911;phone-context=+1"),
    ("233733", "US", "233733", "short number", "tel:233733;phone-context=+1"),
    ("0120-924-839", "JP", "+81120924839", "toll-free", "tel:+81-120-924-839"),
    ("110", "JP", "110", "emergency number", "tel:110;phone-context=+81"),
    ("189", "JP", "189", "short number", "tel:189;phone-context=+81"),
    ("#9110", "JP", "#9110", "service code", "tel:%239110;phone-context=+81"),
    ("08000 121 700", "GB", "+448000121700", "toll-free", "tel:+44-800-012-1700"),
    ("+81 3-1234-5678", "US", "+81312345678", "fixed line", "tel:+81-3-1234-5678"),
]


@pytest.mark.parametrize(("written", "country", "dial", "kind", "tel"), CASES,
                         ids=[c[0] for c in CASES])
def test_numbers_as_people_write_them(written, country, dial, kind, tel):
    number = parse_phone(written, country)
    assert number.display == written  # printed exactly as authored
    assert (number.dial, number.kind, number.tel) == (dial, kind, tel)


def test_vanity_letters_past_the_number_are_not_dialled():
    number = parse_phone("1-888-KEY-2-FREE", "US")
    assert number.undialled == "3"  # the last E of FREE


def test_a_text_line_links_with_sms_and_its_keyword():
    assert parse_phone("233733", "US").sms("BEFREE") == \
        "sms:233733;phone-context=+1?body=BEFREE"
    assert parse_phone("+1 888-373-7888", "US").sms("HELP ME") == \
        "sms:+1-888-373-7888?body=HELP%20ME"


def test_two_spellings_of_one_number_compare_equal():
    assert dial_key("08000 121 700", "GB") == dial_key("0800 012 1700", "GB")
    assert dial_key("1-888-KEY-2-FREE", "US") == dial_key("1-888-539-2373", "US")


@pytest.mark.parametrize(("written", "country", "says"), [
    ("0120-924-839", "US", "read as +1 120924839"),  # a Japanese number for the US
    ("9110", "JP", "not an emergency or short number of JP"),
    ("555-12", "GB", "read as +44"),
    ("call 911", "US", "starts with a digit"),
    ("911!", "US", "cannot be part of a phone number"),
    ("0120-924-839", None, "needs the campaign's country"),
    ("#9110", None, "service code of one country"),
    ("+1 555", "US", "not a possible length"),
])
def test_numbers_that_do_not_parse_say_what_was_understood(written, country, says):
    with pytest.raises(PhoneError) as error:
        parse_phone(written, country)
    assert says in str(error.value)


# --------------------------------------------------------------- remembered in the user cache

_RECALL = """
import sys
from posters.schema.phone import is_country, parse_phone
number = parse_phone(sys.argv[1], sys.argv[2])
print(is_country(sys.argv[2]), number.dial, number.kind, number.tel,
      "phonenumbers" in sys.modules, sep="|")
"""


def test_a_number_read_before_is_recalled_without_libphonenumber(tmp_path):
    """A build that read the campaign's numbers before imports no libphonenumber (#20):
    a number that passed, and a country's calling code, come from the check cache."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "POSTERS_CHECK_CACHE": str(tmp_path)}

    def run(written: str, country: str) -> list[str]:
        return subprocess.run([sys.executable, "-c", _RECALL, written, country], cwd=ROOT,
                              env=env, check=True, capture_output=True,
                              text=True).stdout.strip().split("|")

    first = run("0120-924-839", "JP")
    assert first == ["True", "+81120924839", "toll-free", "tel:+81-120-924-839", "True"]
    assert run("0120-924-839", "JP") == [*first[:-1], "False"]
    # another number, or the same for another country, is checked
    assert run("110", "JP") == ["True", "110", "emergency number",
                                "tel:110;phone-context=+81", "True"]
    assert run("(916) 555-0100", "US")[-1] == "True"


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """An empty check cache, and no number known to this process."""
    monkeypatch.setenv("POSTERS_CHECK_CACHE", str(tmp_path / "checks"))
    from posters.schema import phone

    phone.parse_phone.cache_clear()
    phone.country_code.cache_clear()
    yield phone
    phone.parse_phone.cache_clear()
    phone.country_code.cache_clear()


def _entry(number: str, country: str | None):  # type: ignore[no-untyped-def]
    from posters.schema.checked import RememberedFindings

    return RememberedFindings("phone number", number.encode(), {"country": country})


def test_what_is_remembered_is_what_the_check_gave_for_that_text_and_country(own_cache):
    number = own_cache.parse_phone("0120-924-839", "JP")
    assert _entry("0120-924-839", "JP").recall()["dial"] == number.dial
    own_cache.parse_phone.cache_clear()
    assert own_cache.parse_phone("0120-924-839", "JP") == number
    # the same text for a country where it is no number: checked, and refused
    with pytest.raises(PhoneError):
        own_cache.parse_phone("0120-924-839", "US")
    assert _entry("0120-924-839", "US").recall() is None  # a failure is never remembered


def test_a_damaged_or_foreign_entry_is_checked_again(own_cache):
    right = own_cache.parse_phone("911", "US")
    entry = _entry("911", "US")
    entry.path.write_text("{not json")
    own_cache.parse_phone.cache_clear()
    assert own_cache.parse_phone("911", "US") == right
    # an entry of another shape under the right key (written by hand): not a PhoneNumber
    entry.remember({"display": "911", "dial": 911})
    own_cache.parse_phone.cache_clear()
    assert own_cache.parse_phone("911", "US") == right


def test_a_new_tool_or_libphonenumber_checks_the_numbers_again(own_cache, monkeypatch):
    """The key holds the tool's fingerprint, which holds libphonenumber's version: what
    an older one said is not taken (here: a forged answer under the old fingerprint)."""
    from dataclasses import asdict, replace

    from posters.build import fingerprint

    right = own_cache.parse_phone("911", "US")
    _entry("911", "US").remember(asdict(replace(right, kind="forged")))
    own_cache.parse_phone.cache_clear()
    assert own_cache.parse_phone("911", "US").kind == "forged"  # the cache answers
    monkeypatch.setattr(fingerprint, "tool_fingerprint", lambda: "an upgraded tool")
    own_cache.parse_phone.cache_clear()
    assert own_cache.parse_phone("911", "US") == right
