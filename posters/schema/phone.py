"""Phone numbers as people write them, checked with libphonenumber (``phonenumbers``).

The one place that reads a phone number. A number is always printed exactly as the
campaign wrote it; this module only checks it for the campaign's country and gives the
digits to dial and the link a screen output puts on it:

- ``(916) 555-0100``, ``+1 888-373-7888``, ``0120-924-839``: numbers of the numbering
  plan, with an extension where written (``ext. 12``); ``tel:+1-916-555-0100`` (RFC 3966).
- ``1-888-KEY-2-FREE``: a vanity number; the letters are dialled as the keypad digits,
  and letters past the end of a full number (``FREE`` has one more than needed) are not.
- ``110``, ``911``, ``189``, ``233733``: emergency and short numbers (short codes) of the
  country, linked as local numbers: ``tel:110;phone-context=+81``.
- ``#9110``, ``*222``: service codes dialled with the ``#`` or ``*``, which
  libphonenumber does not list; linked as ``tel:%239110;phone-context=+81``.
- a text line (short code and keyword): ``sms:233733;phone-context=+1?body=BEFREE``
  (RFC 5724).

What a number that passed gives (``parse_phone``) and a country's calling code are
remembered in the user cache (posters.schema.checked: by the text, the country and the
tool's code, libphonenumber's version included), so that a build that has read the
campaign's numbers before does not import libphonenumber (20 ms) again; a number that
fails is checked again every time, its message coming from the check.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass, fields
from typing import Any
from urllib.parse import quote

from posters.schema.checked import RememberedFindings

# a number written in running text (a phone number, but also 1,234,567.5): digit groups
# joined by - . / , or a leading + or #; on a right-to-left page it stays one
# left-to-right unit (posters.text.bidi isolates it)
NUMBER_IN_TEXT = r"[+#]?\d+(?:[-\u2010\u2011./,]\d+)+"
# a run of digits that reads as a phone number, whatever separates the groups: a
# translation that adds one adds a phone number (posters.i18n.qa)
_DIGIT_RUN = re.compile(r"\+?\d(?:[\s\-.\u2010-\u2015\u30fc\u30fb()\uff08\uff09/]*\d)*")
PHONE_DIGITS = 6  # a run of this many digits or more reads as a phone number
_VISUAL_SEPARATORS = re.compile(r"[\s\-.()\u00a0\u2010\u2011\u2012\u2013\u2212]")
_LOOSE = re.compile(r"^[+#*]?[0-9][0-9A-Za-z ()\-.]*[0-9A-Za-z]$")
_WRITTEN_NUMBER = re.compile(r"^[+#*]?[\d][\d\s\-().\u2011#*]{2,}$")
_SERVICE_CODE = re.compile(r"^[#*][0-9]{2,8}$")
_ALLOWED = re.compile(r"^[0-9A-Za-z +()\-./#*]+$")
_EXTENSION = re.compile(r"\s*(?:,|;|ext\.?|extension|x)\s*([0-9]{1,7})\s*$", re.IGNORECASE)
# libphonenumber's PhoneNumberType members by name, as a number's kind is said
_TYPES = {
    "TOLL_FREE": "toll-free",
    "PREMIUM_RATE": "premium-rate",
    "MOBILE": "mobile",
    "FIXED_LINE": "fixed line",
    "FIXED_LINE_OR_MOBILE": "fixed line or mobile",
    "UAN": "universal access number",
    "SHARED_COST": "shared cost",
    "VOIP": "VoIP",
    "PERSONAL_NUMBER": "personal number",
    "PAGER": "pager",
    "VOICEMAIL": "voicemail",
}


class PhoneError(ValueError):
    """A number that does not parse; the message says what was understood."""


@dataclass(frozen=True)
class PhoneNumber:
    display: str  # exactly as authored: printed as is
    dial: str  # what is dialled: "+18883737888", "110", "#9110"
    kind: str  # "toll-free", "emergency", "short number", "service code", ...
    country: str | None  # ISO 3166-1 alpha-2 the number was read for
    tel: str  # RFC 3966 URI
    extension: str | None = None
    undialled: str = ""  # vanity letters past the end of the number

    @property
    def digits(self) -> str:
        """The digits alone, for comparing two ways of writing one number."""
        return re.sub(r"\D", "", self.dial)

    def sms(self, keyword: str | None = None) -> str:
        """The RFC 5724 ``sms:`` URI of this number, with the keyword as the body."""
        target = self.tel[len("tel:"):]
        body = f"?body={quote(keyword, safe='')}" if keyword else ""
        return f"sms:{target}{body}"


@functools.lru_cache(maxsize=512)
def country_code(country: str) -> int:
    """The country's calling code (0: none), remembered in the user cache."""
    region = country.upper()
    remembered = RememberedFindings("phone country code", region.encode(), None)
    code = remembered.recall()
    if type(code) is int:
        return code
    import phonenumbers

    code = phonenumbers.country_code_for_region(region)
    remembered.remember(code)
    return code


def is_country(code: str) -> bool:
    return len(code) == 2 and code.isalpha() and country_code(code) != 0


_FIELDS = tuple(f.name for f in fields(PhoneNumber))


def _recalled_number(value: Any) -> PhoneNumber | None:
    """A remembered PhoneNumber, or None for anything that is not one."""
    if not isinstance(value, dict) or sorted(value) != sorted(_FIELDS):
        return None
    if not all(isinstance(value[name], str) for name in ("display", "dial", "kind", "tel",
                                                         "undialled")):
        return None
    if not all(value[name] is None or isinstance(value[name], str)
               for name in ("country", "extension")):
        return None
    return PhoneNumber(**value)


@functools.lru_cache(maxsize=512)
def parse_phone(raw: str, country: str | None) -> PhoneNumber:
    """Check ``raw`` for ``country`` (ISO 3166-1 alpha-2; None accepts only numbers in
    international form, +...) and return how it is dialled and linked. A number that
    passed is remembered (by the text, the country and the tool: posters.schema.checked);
    a failure is never, so its message always comes from the check."""
    remembered = RememberedFindings("phone number", raw.encode(), {"country": country})
    number = _recalled_number(remembered.recall())
    if number is not None and number.display == raw:
        return number
    number = _parse_phone(raw, country)
    remembered.remember(asdict(number))
    return number


def _parse_phone(raw: str, country: str | None) -> PhoneNumber:
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat

    text = raw.strip()
    if not text:
        raise PhoneError("the number is empty")
    if not _ALLOWED.match(text):
        bad = next(c for c in text if not _ALLOWED.match(c))
        raise PhoneError(f"{bad!r} cannot be part of a phone number; write digits, spaces, "
                         "'-', '.', '(', ')', a leading '+', '#' or '*', keypad letters "
                         "(1-888-KEY-2-FREE) and an extension (ext. 12)")
    if not re.match(r"^[+#*(0-9]", text):
        raise PhoneError("a phone number starts with a digit, '+', '#', '*' or '('; put "
                         "words such as 'call' in the label or the notes")
    region = country.upper() if country else None
    prefix = f"+{country_code(region)}" if region else None
    if _SERVICE_CODE.match(text.replace(" ", "").replace("-", "")):
        code = text.replace(" ", "").replace("-", "")
        if not region:
            raise PhoneError(f"{code} is a service code of one country; name the country "
                             "(campaign.country) so that it can be linked")
        return PhoneNumber(raw, code, "service code", region,
                           f"tel:{quote(code, safe='*')};phone-context={prefix}")
    extension = None
    m = _EXTENSION.search(text)
    if m and sum(c.isdigit() for c in text[: m.start()]) >= 6:
        extension, text = m.group(1), text[: m.start()]
    letters = re.sub(r"[^A-Za-z]", "", text)
    digits_only = phonenumbers.convert_alpha_characters_in_number(text)
    if not region and not text.startswith("+"):
        raise PhoneError("a number not in international form (+...) needs the campaign's "
                         "country: add `country:` (ISO 3166-1, e.g. US, JP) under `campaign`")
    short = _short(raw, digits_only, region)
    if short is not None:
        return short if not extension else _fail(raw, "a short number has no extension")
    try:
        number = phonenumbers.parse(digits_only, region)
    except NumberParseException as exc:
        raise PhoneError(f"not a phone number ({exc._msg})") from None
    undialled = ""
    if letters and not phonenumbers.is_valid_number(number):
        # a vanity number may spell more letters than the number has digits
        number, undialled = _shorten(digits_only, region)
    if not phonenumbers.is_valid_number(number):
        keypad = f" (the letters {letters} read as keypad digits)" if letters else ""
        raise PhoneError(_understood(number, region, digits_only) + keypad)
    if region and number.country_code != country_code(region) and not text.startswith("+"):
        raise PhoneError(_understood(number, region, digits_only))
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    tel = phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)
    if extension:
        tel += f";ext={extension}"
    found_type = phonenumbers.number_type(number)
    kind = _TYPES.get(phonenumbers.PhoneNumberType.to_string(found_type), "number")
    where = phonenumbers.region_code_for_number(number)
    return PhoneNumber(raw, e164, kind, where, tel, extension, undialled)


def _fail(raw: str, why: str) -> PhoneNumber:
    raise PhoneError(f"{raw}: {why}")


def _short(raw: str, digits: str, region: str | None) -> PhoneNumber | None:
    import phonenumbers
    from phonenumbers import NumberParseException, shortnumberinfo

    plain = re.sub(r"[^0-9]", "", digits)
    if not region or not plain or len(plain) > 8 or digits.strip().startswith("+"):
        return None
    try:
        number = phonenumbers.parse(plain, region)
    except NumberParseException:
        return None
    if not shortnumberinfo.is_valid_short_number_for_region(number, region):
        return None
    kind = ("emergency number" if shortnumberinfo.is_emergency_number(plain, region)
            else "short number")
    tel = f"tel:{plain};phone-context=+{country_code(region)}"
    return PhoneNumber(raw, plain, kind, region, tel)


def _shorten(digits: str, region: str | None):
    """The longest valid number at the start of a vanity number, and what is left over."""
    import phonenumbers
    from phonenumbers import NumberParseException

    plain = re.sub(r"[^0-9+]", "", digits)
    for end in range(len(plain) - 1, 3, -1):
        try:
            number = phonenumbers.parse(plain[:end], region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number, plain[end:]
    return phonenumbers.parse(plain, region), ""


def _understood(number, region: str | None, digits: str) -> str:
    import phonenumbers

    national = str(number.national_number)
    where = phonenumbers.region_code_for_number(number) or region or "any country"
    read = f"read as +{number.country_code} {national}"
    possible = phonenumbers.is_possible_number(number)
    why = ("its digits do not form a number in use in " + where if possible
           else f"{len(national)} digits is not a possible length there")
    hint = ""
    if region and phonenumbers.region_code_for_number(number) not in (None, region):
        hint = f"; for a number of another country than {region}, write it as +<code> ..."
    elif region:
        hint = (f"; it is not an emergency or short number of {region} either. Check the "
                "digits, or write a number of another country as +<code> ...")
    return f"not a valid phone number: {read}, but {why}{hint}"


def dial_key(text: str, country: str | None) -> str:
    """The digits to compare two spellings of a number by (vanity letters converted,
    national prefix and country code normalized): 08000 121 700 == 0800 012 1700."""
    try:
        return parse_phone(text, country).digits
    except PhoneError:
        import phonenumbers

        return re.sub(r"\D", "", phonenumbers.convert_alpha_characters_in_number(text))


def unchecked_phone(raw: str) -> PhoneNumber | None:
    """A number read without a country (campaign.country not given, docs: hotlines): only
    its characters can be checked; None when they do not make a phone number."""
    digits = sum(ch.isdigit() for ch in raw)
    if not _LOOSE.match(raw) or digits < 3 or len(re.sub(r"[^0-9A-Za-z]", "", raw)) > 17:
        return None
    dial = re.sub(r"[^0-9#*+]", "", raw)
    return PhoneNumber(raw, dial, "number", None, "tel:" + dial.replace("#", "%23"))


def tel_uri(number: str) -> str:
    """The RFC 3966 ``tel:`` URI of a phone number as authored: visual separators go, the
    digits, a leading ``+`` and the ``*`` and ``#`` of service codes stay, ``#`` escaped
    as ``%23`` (in a URI it would start a fragment): ``#9110`` -> ``tel:%239110``."""
    kept = _VISUAL_SEPARATORS.sub("", number.strip())
    kept = "".join(c for c in kept if c.isdigit() or c in "+*#")
    plus = "+" if kept.startswith("+") else ""
    body = kept.lstrip("+").replace("+", "")
    return "tel:" + plus + body.replace("#", "%23")


def looks_like_number(text: str) -> bool:
    """Whether a text given on its own (``posters check --expect``) is written as a phone
    number: digits with separators, a leading ``+``, ``#`` or ``*``; it then needs a link
    in a screen PDF."""
    return bool(_WRITTEN_NUMBER.match(text.strip()))


def written_links(texts: tuple[str, ...]) -> list[tuple[str, str]]:
    """(text, tel: URI) for each of ``texts`` written as a phone number."""
    return [(text, tel_uri(text)) for text in texts if looks_like_number(text)]


def digit_runs(text: str) -> list[str]:
    """The runs of PHONE_DIGITS digits or more in ``text`` (ASCII digits), as digits
    alone: ``03-1234-5678`` and ``03 1234 5678`` are both ``0312345678``."""
    runs = ("".join(ch for ch in match if ch.isdigit()) for match in _DIGIT_RUN.findall(text))
    return [run for run in runs if len(run) >= PHONE_DIGITS]


def spoken_digits(number: str) -> str:
    """A phone number as a screen reader should say it: each digit on its own, groups kept
    ("0120-61-2830" -> "0 1 2 0, 6 1, 2 8 3 0"), so it is not read as "one hundred..."."""
    groups = [g for g in re.split(r"[^0-9A-Za-z+#*]+", number) if g]
    return ", ".join(" ".join(group) for group in groups) or number
