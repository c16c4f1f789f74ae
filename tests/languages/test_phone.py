"""Phone numbers as people write them (posters.schema.phone, libphonenumber)."""

from __future__ import annotations

import pytest

from posters.schema.phone import PhoneError, dial_key, parse_phone

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
