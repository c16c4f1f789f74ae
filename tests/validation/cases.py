"""The bad-campaign table: each case is the minimal campaign (minimal.yaml) with a small
change, and every line ``load_campaign`` must report for it, in order.

Messages are written relative to the campaign folder; the tests load the campaign as
``content/bad`` from a temporary project root, so the real lines start with
``content/bad/campaign.yaml``.

``schema`` says what the JSON Schema makes of the same change: True (rejects it too),
False (accepts it: only the validator can tell, e.g. files, Babel, cross-references) or
None (not YAML the schema can see: syntax, encoding, duplicate keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MINIMAL = (Path(__file__).parent / "minimal.yaml").read_text(encoding="utf-8")
# a campaign saved in Latin-1 (é is one byte, 0xe9, not valid UTF-8)
LATIN1 = MINIMAL.replace("Example Agency", "Agence Européenne", 1).encode("latin-1")
# saved as "Unicode" by Windows Notepad: UTF-16 with a byte-order mark
UTF16 = MINIMAL.encode("utf-16")


@dataclass(frozen=True)
class Case:
    id: str
    edits: tuple[tuple[str, str], ...]  # (old, new): old must occur exactly once
    expected: tuple[str, ...]  # every diagnostic, sorted as reported
    schema: bool | None
    strict: bool = False
    data: bytes | None = None  # the file's bytes, instead of edited text
    files: dict[str, bytes] = field(default_factory=dict)  # extra files in the folder
    links: dict[str, str] = field(default_factory=dict)  # symlink -> target ({root}: tmp)
    loads: bool = False  # only warnings: the campaign loads

    def text(self) -> str:
        text = MINIMAL
        for old, new in self.edits:
            assert text.count(old) == 1, f"{self.id}: {old!r} occurs {text.count(old)} times"
            text = text.replace(old, new)
        return text


# the minimal campaign with a data block after its footer
WITH_DATA = (
    "  footer:\n    copyright: © 2023 Example Agency. All rights reserved.",
    "  footer:\n    copyright: © 2023 Example Agency. All rights reserved.\n"
    "data:\n  heading: Victims in {year}\n  year: 2022\n  datasets:\n    - id: by-sex\n"
    "      title: Victims by sex\n      values:\n        - {label: Male, value: 2}\n"
    "        - {label: Female, value: 44}\n",
)


# the stock card layout, brought by the campaign as its own layouts/card.yaml
STOCK_CARD = (Path(__file__).parents[2] / "posters" / "layouts" / "card.yaml").read_text(
    encoding="utf-8")

# the minimal campaign built as cards only
ONLY_CARD = ("    copyright: © 2023 Example Agency. All rights reserved.",
             "    copyright: © 2023 Example Agency. All rights reserved.\nformats:\n"
             "  card: [card-jp]")


def logo(path: str) -> tuple[str, str]:
    return ("  colours:\n", f"  logo: {path}\n  colours:\n")


def output_profile(path: str) -> tuple[str, str]:
    return ("  colours:\n", f"  output_profile: {path}\n  colours:\n")


def icc_header(space: bytes) -> bytes:
    """The 128-byte header of an ICC output profile for this colour space."""
    return bytes(16) + space + b"Lab " + bytes(12) + b"acsp" + bytes(88)


CASES: tuple[Case, ...] = (
    Case(
        id='yaml-unclosed-list',
        edits=(
            ('[en, ja]', '[en, ja'),
        ),
        expected=(
            ("campaign.yaml:6:14: error: YAML syntax: the list opened with '[' here is not "
             "closed with ']' (YAML found ':' at line 7)"),
        ),
        schema=None,
    ),
    Case(
        id='yaml-colon-in-plain-text',
        edits=(
            ('title: Demo poster', 'title: Demo: the poster'),
        ),
        expected=(
            ("campaign.yaml:4:14: error: YAML syntax: unexpected ': ' here; a value that "
             'contains \': \' must be in quotes (title: "Demo: the poster"), else check this '
             "line's indentation"),
        ),
        schema=None,
    ),
    Case(
        id='yaml-runaway-quote',
        edits=(
            ('title: Demo poster', 'title: "Demo poster'),
        ),
        expected=(
            ('campaign.yaml:4:10: error: YAML syntax: this quoted text runs on to line 33; '
             'close the quote on this line'),
        ),
        schema=None,
    ),
    Case(
        id='yaml-quote-never-closed',
        edits=(
            ('number: "9110"', 'number: "9110'),
        ),
        expected=(
            ('campaign.yaml:33:15: error: YAML syntax: this quote is never closed; add the '
             'closing quote at the end of the text'),
        ),
        schema=None,
    ),
    Case(
        id='yaml-bad-indentation',
        edits=(
            ('      label: Police', '     label: Police'),
        ),
        expected=(
            ("campaign.yaml:32:6: error: YAML syntax: this line's indentation does not fit "
             'the block that starts at line 31; check the spaces at the start of the line'),
        ),
        schema=None,
    ),
    Case(
        id='yaml-indented-too-far',
        edits=(
            ('  tagline:', '   tagline:'),
        ),
        expected=(
            ('campaign.yaml:19:4: error: YAML syntax: this line is indented more than the '
             "line above, so YAML reads it as more of that line's value; indent it like the "
             'key above'),
        ),
        schema=None,
    ),
    Case(
        id='yaml-two-documents',
        edits=(
            ('\nbrand:', '\n---\nbrand:'),
        ),
        expected=(
            ('campaign.yaml:11:1: error: a second YAML document starts here (found 2); a '
             "campaign is one document: remove the '---' separator and merge or delete what "
             'follows'),
        ),
        schema=None,
    ),
    Case(
        id='tab-indentation',
        edits=(
            ('  title: Demo', '\ttitle: Demo'),
        ),
        expected=(
            ('campaign.yaml:4:1: error: YAML syntax: a tab character; YAML indents with '
             'spaces only: replace the tab with spaces'),
        ),
        schema=None,
    ),
    Case(
        id='duplicate-key',
        edits=(
            ('  tagline:', '  headline: Trafficking\n  tagline:'),
        ),
        expected=(
            ("campaign.yaml:19:3: error: duplicate key 'headline' (first defined at line 18); "
             'remove one'),
        ),
        schema=None,
    ),
    Case(
        id='duplicate-key-in-list-item',
        edits=(
            ('      label: Police consultation\n',
             '      label: Police consultation\n      label: Police\n'),
        ),
        expected=(
            ("campaign.yaml:33:7: error: duplicate key 'label' (first defined at line 32); "
             'remove one'),
        ),
        schema=None,
    ),
    Case(
        id='empty-file',
        edits=(),
        data=b'',
        expected=(
            'campaign.yaml:1:1: error: the file is empty; see docs/campaign-format.md',
        ),
        schema=None,
    ),
    Case(
        id='only-comments',
        edits=(),
        data=b'# campaign: demo\n\n# brand: later\n',
        expected=(
            'campaign.yaml:1:1: error: the file is empty; see docs/campaign-format.md',
        ),
        schema=None,
    ),
    Case(
        id='non-utf8-bytes',
        edits=(),
        data=LATIN1,
        expected=(
            'campaign.yaml:8:29: error: byte 0xe9 is not UTF-8; save the file as UTF-8',
        ),
        schema=None,
    ),
    Case(
        id='utf16-file',
        edits=(),
        data=UTF16,
        expected=(
            'campaign.yaml:1:1: error: the file is UTF-16; save it as UTF-8',
        ),
        schema=None,
    ),
    Case(
        id='nul-character',
        edits=(
            ('title: Demo poster', 'title: Demo\x00poster'),
        ),
        expected=(
            'campaign.yaml:4:14: error: the character U+0000 is not allowed in YAML; remove it',
        ),
        schema=None,
    ),
    Case(
        id='unicode-line-separator',
        edits=(
            ('title: Demo poster', 'title: Demo\u2028poster'),
        ),
        expected=(
            ('campaign.yaml:4:14: error: the invisible line break U+2028 (often pasted from a '
             'word processor); remove it'),
        ),
        schema=None,
    ),
    Case(
        id='yaml-undefined-alias',
        edits=(
            ('url: https://www.example.org', 'url: *www.example.org'),
        ),
        expected=(
            ("campaign.yaml:35:10: error: YAML syntax: a value starting with '*' must be in "
             'quotes (YAML reads it as an alias)'),
        ),
        schema=None,
    ),
    Case(
        id='yaml-merge-key',
        edits=(
            ('    ink: {cmyk: [0, 0, 0, 100]}\n', '    <<: {ink: {cmyk: [0, 0, 0, 100]}}\n'),
        ),
        expected=(
            ("campaign.yaml:12:3: error: brand.colours: required colour 'ink' is missing; add "
             "it under 'brand.colours'"),
            "campaign.yaml:14:5: error: merge keys ('<<') are not supported; write the keys out",
        ),
        schema=None,
    ),
    Case(
        id='yaml-python-tag',
        edits=(
            ('  headline: Trafficking in Persons', '  headline: !!python/object:os.system echo'),
        ),
        expected=(
            ("campaign.yaml:18:13: error: the YAML tag '!!python/object:os.system' is not "
             'supported; remove it'),
        ),
        schema=None,
    ),
    Case(
        id='top-level-list',
        edits=(),
        data=b'- campaign\n- brand\n- content\n',
        expected=(
            ('campaign.yaml:1:1: error: expected a mapping with the keys campaign, brand, '
             'content, data, formats, print, fonts, requirements; got a list of 3 items'),
        ),
        schema=True,
    ),
    Case(
        id='languages-not-a-list',
        edits=(
            ('languages: [en, ja]', 'languages: en'),
        ),
        expected=(
            ("campaign.yaml:6:14: error: campaign.languages: expected a list (one '- ' line "
             "per item), got 'en'"),
        ),
        schema=True,
    ),
    Case(
        id='year-is-text',
        edits=(
            ('reference_year: 2021', 'reference_year: twenty-one'),
        ),
        expected=(
            ('campaign.yaml:7:19: error: campaign.reference_year: expected a year between '
             "1900 and 2100, got 'twenty-one'"),
        ),
        schema=True,
    ),
    Case(
        id='year-out-of-range',
        edits=(
            ('reference_year: 2021', 'reference_year: 21'),
        ),
        expected=(
            ('campaign.yaml:7:19: error: campaign.reference_year: expected a year between '
             '1900 and 2100, got 21'),
        ),
        schema=True,
    ),
    Case(
        id='hotlines-not-a-list',
        edits=(
            ('    - id: police\n      label: Police consultation\n      number: "9110"\n',
             '    id: police\n    label: Police consultation\n    number: "9110"\n'),
        ),
        expected=(
            ("campaign.yaml:31:5: error: content.hotlines: expected a list (one '- ' line per "
             'item), got a mapping'),
        ),
        schema=True,
    ),
    Case(
        id='block-is-text',
        edits=(
            ('  web:\n    url: https://www.example.org\n', '  web: https://www.example.org\n'),
        ),
        expected=(
            ('campaign.yaml:34:8: error: content.web: expected a mapping with the keys url, '
             "label, note, qr; got 'https://www.example.org'"),
        ),
        schema=True,
    ),
    Case(
        id='qr-not-boolean',
        edits=(
            ('    url: https://www.example.org\n',
             '    url: https://www.example.org\n    qr: sometimes\n'),
        ),
        expected=(
            "campaign.yaml:36:9: error: content.web.qr: expected true or false, got 'sometimes'",
        ),
        schema=True,
    ),
    Case(
        id='id-not-a-slug',
        edits=(
            ('  id: demo', '  id: Demo Poster'),
        ),
        expected=(
            ('campaign.yaml:3:7: error: campaign.id: expected an identifier of lowercase '
             "letters, digits and '-', got 'Demo Poster'"),
        ),
        schema=True,
    ),
    Case(
        id='bad-phone-number',
        edits=(
            ('number: "9110"', 'number: call 9110'),
        ),
        expected=(
            ('campaign.yaml:33:15: error: content.hotlines[0].number: expected a phone number '
             "of digits, spaces, '-', '(', ')' and an optional leading '+' or '#', got 'call "
             "9110'"),
        ),
        schema=True,
    ),
    Case(
        id='control-character',
        edits=(
            ('title: Demo poster', 'title: Demo \u202eposter'),
        ),
        expected=(
            ('campaign.yaml:4:10: error: campaign.title: contains the control character '
             'U+202E; remove it (the text engine handles direction and breaks)'),
        ),
        schema=True,
    ),
    Case(
        id='missing-block',
        edits=(
            ('  footer:\n    copyright: © 2023 Example Agency. All rights reserved.\n', ''),
        ),
        expected=(
            ("campaign.yaml:17:1: error: content.footer: required key 'footer' is missing; "
             "add it under 'content'"),
        ),
        schema=True,
    ),
    Case(
        id='missing-top-level-block',
        edits=(
            (('brand:\n  colours:\n    primary: {cmyk: [0, 95, 85, 0]}\n    ink: {cmyk: [0, '
              '0, 0, 100]}\n    paper: {cmyk: [0, 0, 0, 0]}\n\n'),
             ''),
        ),
        expected=(
            ("campaign.yaml:2:1: error: brand: required key 'brand' is missing; add it at the "
             'top level'),
        ),
        schema=True,
    ),
    Case(
        id='required-key-without-value',
        edits=(
            ('  headline: Trafficking in Persons', '  headline:'),
        ),
        expected=(
            ("campaign.yaml:18:3: error: content.headline: 'headline' is required but has no "
             "value; write its value after the ':'"),
        ),
        schema=True,
    ),
    Case(
        id='missing-key-in-list-item',
        edits=(
            ('        kind: share\n', ''),
        ),
        expected=(
            ('campaign.yaml:24:9: error: content.statistics.items[0].kind: required key '
             "'kind' is missing; add it under 'content.statistics.items[0]'"),
        ),
        schema=True,
    ),
    Case(
        id='unknown-key-warns',
        edits=(
            ('  tagline:', '  tagnile:'),
        ),
        loads=True,
        expected=(
            ("campaign.yaml:19:3: warning: content.tagnile: unknown key 'tagnile'; did you "
             "mean 'tagline'?"),
        ),
        schema=True,
    ),
    Case(
        id='unknown-key-strict',
        edits=(
            ('  tagline:', '  tagnile:'),
        ),
        strict=True,
        expected=(
            ("campaign.yaml:19:3: error: content.tagnile: unknown key 'tagnile'; did you mean "
             "'tagline'?"),
        ),
        schema=True,
    ),
    Case(
        id='unknown-key-no-close-match',
        edits=(
            ('  tagline:', '  slogan:'),
        ),
        loads=True,
        expected=(
            ("campaign.yaml:19:3: warning: content.slogan: unknown key 'slogan'; the keys "
             'here are headline, tagline, statistics, warning_signs, call_to_action, '
             'hotlines, web, local_contacts, footer, language_card'),
        ),
        schema=True,
    ),
    Case(
        id='misspelt-block',
        edits=(
            ('  colours:', '  colors:'),
        ),
        expected=(
            ("campaign.yaml:11:1: error: brand.colours: required key 'colours' is missing; "
             "rename 'colors' (line 12) to 'colours'"),
            ("campaign.yaml:12:3: warning: brand.colors: unknown key 'colors'; did you mean "
             "'colours'?"),
        ),
        schema=True,
    ),
    Case(
        id='colour-three-values',
        edits=(
            ('[0, 95, 85, 0]', '[0, 95, 85]'),
        ),
        expected=(
            ('campaign.yaml:13:21: error: brand.colours.primary.cmyk: expected four '
             'percentages [C, M, Y, K], each from 0 to 100, got a list of 3 items'),
        ),
        schema=True,
    ),
    Case(
        id='colour-out-of-range',
        edits=(
            ('[0, 95, 85, 0]', '[0, 195, 85, 0]'),
        ),
        expected=(
            ('campaign.yaml:13:25: error: brand.colours.primary.cmyk[1]: expected four '
             'percentages [C, M, Y, K], each from 0 to 100, got 195'),
        ),
        schema=True,
    ),
    Case(
        id='colour-hex',
        edits=(
            ('{cmyk: [0, 95, 85, 0]}', '"#e5352b"'),
        ),
        expected=(
            ('campaign.yaml:13:14: error: brand.colours.primary: colours are CMYK for print: '
             "write {cmyk: [C, M, Y, K]} with percentages from 0 to 100, got '#e5352b'"),
        ),
        schema=True,
    ),
    Case(
        id='colour-rgb-key',
        edits=(
            ('{cmyk: [0, 95, 85, 0]}', '{rgb: [229, 53, 43]}'),
        ),
        expected=(
            ("campaign.yaml:13:5: error: brand.colours.primary.cmyk: required key 'cmyk' is "
             "missing; add it under 'brand.colours.primary'"),
            ("campaign.yaml:13:15: warning: brand.colours.primary.rgb: unknown key 'rgb'; the "
             'keys here are cmyk, spot'),
        ),
        schema=True,
    ),
    Case(
        id='colour-missing',
        edits=(
            ('    paper: {cmyk: [0, 0, 0, 0]}\n', ''),
        ),
        expected=(
            ("campaign.yaml:12:3: error: brand.colours: required colour 'paper' is missing; "
             "add it under 'brand.colours'"),
        ),
        schema=True,
    ),
    Case(
        id='url-without-scheme',
        edits=(
            ('url: https://www.example.org', 'url: www.example.org'),
        ),
        expected=(
            ('campaign.yaml:35:10: error: content.web.url: expected a web address such as '
             "https://example.org, got 'www.example.org'; did you mean "
             "'https://www.example.org'?"),
        ),
        schema=True,
    ),
    Case(
        id='url-javascript',
        edits=(
            ('url: https://www.example.org', 'url: "javascript:alert(1)"'),
        ),
        expected=(
            ('campaign.yaml:35:10: error: content.web.url: expected a web address such as '
             "https://example.org, got 'javascript:alert(1)'"),
        ),
        schema=True,
    ),
    Case(
        id='url-with-space',
        edits=(
            ('url: https://www.example.org', 'url: https://www.example .org'),
        ),
        expected=(
            ('campaign.yaml:35:10: error: content.web.url: expected a web address such as '
             "https://example.org, got 'https://www.example .org'"),
        ),
        schema=True,
    ),
    Case(
        id='asset-parent-escape',
        edits=(
            logo('../../etc/passwd'),
        ),
        expected=(
            ("campaign.yaml:12:9: error: brand.logo: path '../../etc/passwd' leads outside "
             'the campaign folder; keep assets inside content/bad'),
        ),
        schema=True,
    ),
    Case(
        id='asset-absolute',
        edits=(
            logo('/etc/passwd'),
        ),
        expected=(
            ("campaign.yaml:12:9: error: brand.logo: absolute path '/etc/passwd'; write a "
             'path relative to the campaign folder'),
        ),
        schema=True,
    ),
    Case(
        id='asset-windows-absolute',
        edits=(
            logo("'C:\\logo.png'"),
        ),
        expected=(
            ("campaign.yaml:12:9: error: brand.logo: absolute path 'C:\\logo.png'; write a "
             'path relative to the campaign folder'),
        ),
        schema=True,
    ),
    Case(
        id='asset-symlink-out',
        edits=(
            logo('assets/logo.svg'),
        ),
        links={'assets/logo.svg': '/etc/passwd'},
        expected=(
            ("campaign.yaml:12:9: error: brand.logo: path 'assets/logo.svg' leads outside the "
             'campaign folder through a symbolic link; keep assets inside content/bad'),
        ),
        schema=False,
    ),
    Case(
        id='asset-symlinked-folder-out',
        edits=(
            logo('assets/passwd'),
        ),
        links={'assets': '/etc'},
        expected=(
            ("campaign.yaml:12:9: error: brand.logo: path 'assets/passwd' leads outside the "
             'campaign folder through a symbolic link; keep assets inside content/bad'),
        ),
        schema=False,
    ),
    Case(
        id='output-profile-not-icc',
        edits=(
            output_profile('shop/profile.icc'),
        ),
        files={'shop/profile.icc': b'<html>the download page, not the profile</html>'},
        expected=(
            ("campaign.yaml:12:19: error: brand.output_profile: 'shop/profile.icc' is not an "
             "ICC profile; name the print shop's CMYK output profile (an .icc file)"),
        ),
        schema=False,
    ),
    Case(
        id='output-profile-rgb',
        edits=(
            output_profile('shop/sRGB.icc'),
        ),
        files={'shop/sRGB.icc': icc_header(b'RGB ')},
        expected=(
            ("campaign.yaml:12:19: error: brand.output_profile: 'shop/sRGB.icc' is a RGB "
             "profile; print output (PDF/X) needs the print shop's CMYK output profile"),
        ),
        schema=False,
    ),
    Case(
        id='asset-missing',
        edits=(
            logo('assets/logo.svg'),
        ),
        expected=(
            ("campaign.yaml:12:9: error: brand.logo: file 'assets/logo.svg' not found in "
             'content/bad; add it or correct the path'),
        ),
        schema=False,
    ),
    Case(
        id='asset-is-a-folder',
        edits=(
            logo('assets'),
        ),
        files={'assets/readme.txt': b'x'},
        expected=(
            "campaign.yaml:12:9: error: brand.logo: 'assets' is a folder; name a file in it",
        ),
        schema=False,
    ),
    Case(
        id='language-country-code',
        edits=(
            ('[en, ja]', '[en, jp]'),
        ),
        expected=(
            ("campaign.yaml:6:19: error: campaign.languages[1]: unknown language code 'jp'; "
             "did you mean 'ja'?"),
        ),
        schema=False,
    ),
    Case(
        id='language-unknown',
        edits=(
            ('[en, ja]', '[en, xx-Klingon]'),
        ),
        expected=(
            ('campaign.yaml:6:19: error: campaign.languages[1]: unknown language code '
             "'xx-Klingon'; use a BCP 47 code that Babel knows, such as 'ja', 'pt' or "
             "'zh-Hant'"),
        ),
        schema=False,
    ),
    Case(
        id='language-listed-twice',
        edits=(
            ('[en, ja]', '[en, ja, en]'),
        ),
        expected=(
            ("campaign.yaml:6:23: error: campaign.languages[2]: language 'en' is listed "
             'twice; remove one'),
        ),
        schema=True,
    ),
    Case(
        id='source-language-not-listed',
        edits=(
            ('source_language: en', 'source_language: ja'),
            ('[en, ja]', '[en, th]'),
        ),
        expected=(
            ("campaign.yaml:6:14: error: campaign.languages: the source language 'ja' must be "
             'one of the languages; add it to the list'),
        ),
        schema=False,
    ),
    Case(
        id='share-is-a-word',
        edits=(
            ('value: 0.30', 'value: ten'),
        ),
        expected=(
            ('campaign.yaml:24:16: error: content.statistics.items[0].value: expected a '
             "number between 0 and 1 for a share, got 'ten'"),
        ),
        schema=True,
    ),
    Case(
        id='share-as-percent',
        edits=(
            ('value: 0.30', 'value: 30'),
        ),
        expected=(
            ('campaign.yaml:24:16: error: content.statistics.items[0].value: expected a '
             'number between 0 and 1 for a share, got 30; a share is a fraction: write 30% as '
             '0.3'),
        ),
        schema=True,
    ),
    Case(
        id='share-with-percent-sign',
        edits=(
            ('value: 0.30', 'value: 30%'),
        ),
        expected=(
            ('campaign.yaml:24:16: error: content.statistics.items[0].value: expected a '
             "number between 0 and 1 for a share, got '30%'; a share is a fraction: write 30% "
             'as 0.3'),
        ),
        schema=True,
    ),
    Case(
        id='count-with-fraction',
        edits=(
            ('kind: share', 'kind: count'),
        ),
        expected=(
            ('campaign.yaml:24:16: error: content.statistics.items[0].value: expected a whole '
             'number of 0 or more for a count, got 0.30'),
        ),
        schema=True,
    ),
    Case(
        id='unknown-kind',
        edits=(
            ('kind: share', 'kind: percentage'),
        ),
        expected=(
            ('campaign.yaml:25:15: error: content.statistics.items[0].kind: expected one of '
             "share, count, got 'percentage'"),
        ),
        schema=True,
    ),
    Case(
        id='placeholder-unknown',
        edits=(
            ('{value} of', '{valeu} of'),
        ),
        expected=(
            ('campaign.yaml:26:18: error: content.statistics.items[0].caption: unknown '
             'placeholder {valeu}; allowed here: {value}'),
        ),
        schema=True,
    ),
    Case(
        id='placeholder-value-missing',
        edits=(
            ('More than {value} of', 'More than 30% of'),
        ),
        expected=(
            ('campaign.yaml:26:18: error: content.statistics.items[0].caption: must contain '
             'the placeholder {value}'),
        ),
        schema=True,
    ),
    Case(
        id='placeholder-unbalanced',
        edits=(
            ('in Japan in {year}', 'in Japan in {year'),
        ),
        expected=(
            ("campaign.yaml:21:14: error: content.statistics.heading: unbalanced '{' or '}'; "
             "write '{{' or '}}' for a literal brace"),
        ),
        schema=True,
    ),
    Case(
        id='placeholder-with-format',
        edits=(
            ('More than {value} of', 'More than {value:.0%} of'),
        ),
        expected=(
            ('campaign.yaml:26:18: error: content.statistics.items[0].caption: placeholder '
             '{value:.0%} has a format or conversion; write just the name in braces, like '
             '{value}'),
        ),
        schema=True,
    ),
    Case(
        id='call-to-action-unknown-hotline',
        edits=(
            ('({police})', '({polise})'),
        ),
        expected=(
            ('campaign.yaml:29:11: error: content.call_to_action.text: unknown placeholder '
             '{polise}; did you mean {police}?'),
        ),
        schema=False,
    ),
    Case(
        id='hotline-id-twice',
        edits=(
            ('      number: "9110"\n',
             ('      number: "9110"\n    - id: police\n      label: Police emergency\n      '
              'number: "110"\n')),
        ),
        expected=(
            ("campaign.yaml:34:11: error: content.hotlines[1].id: hotline id 'police' is "
             'already used at line 31; ids must be unique'),
        ),
        schema=False,
    ),
    Case(
        id='several-errors-at-once',
        edits=(
            ('[en, ja]', '[en, jp]'),
            ('[0, 95, 85, 0]', '[0, 95, 85]'),
            ('  tagline:', '  tagnile:'),
            ('({police})', '({polise})'),
            ('number: "9110"', 'number: call us'),
            ('url: https://www.example.org', 'url: www.example.org'),
            ('  footer:\n    copyright: © 2023 Example Agency. All rights reserved.\n', ''),
        ),
        expected=(
            ("campaign.yaml:6:19: error: campaign.languages[1]: unknown language code 'jp'; "
             "did you mean 'ja'?"),
            ('campaign.yaml:13:21: error: brand.colours.primary.cmyk: expected four '
             'percentages [C, M, Y, K], each from 0 to 100, got a list of 3 items'),
            ("campaign.yaml:17:1: error: content.footer: required key 'footer' is missing; "
             "add it under 'content'"),
            ("campaign.yaml:19:3: warning: content.tagnile: unknown key 'tagnile'; did you "
             "mean 'tagline'?"),
            ('campaign.yaml:29:11: error: content.call_to_action.text: unknown placeholder '
             '{polise}; did you mean {police}?'),
            ('campaign.yaml:33:15: error: content.hotlines[0].number: expected a phone number '
             "of digits, spaces, '-', '(', ')' and an optional leading '+' or '#', got 'call "
             "us'"),
            ('campaign.yaml:35:10: error: content.web.url: expected a web address such as '
             "https://example.org, got 'www.example.org'; did you mean "
             "'https://www.example.org'?"),
        ),
        schema=True,
    ),

    # ------------------------------------------------------------- the data block
    Case(
        id='data-negative-count',
        edits=(WITH_DATA, ('value: 2}', 'value: -2}')),
        expected=(
            ('campaign.yaml:45:32: error: data.datasets[0].values[0].value: expected a count '
             'between 0 and 1000000000, got -2'),
        ),
        schema=True,
    ),
    Case(
        id='data-fractional-count',
        edits=(WITH_DATA, ('value: 2}', 'value: 2.5}')),
        expected=(
            ('campaign.yaml:45:32: error: data.datasets[0].values[0].value: expected a count '
             'between 0 and 1000000000, got 2.5'),
        ),
        schema=True,
    ),
    Case(
        id='data-duplicate-dataset-id',
        edits=(WITH_DATA, ('        - {label: Female, value: 44}\n',
                           '        - {label: Female, value: 44}\n    - id: by-sex\n'
                           '      title: Again\n      values: [{label: All, value: 1}]\n')),
        expected=(
            ("campaign.yaml:47:7: error: data.datasets[1].id: dataset id 'by-sex' is already "
             'used at line 42; ids must be unique'),
        ),
        schema=False,
    ),
    Case(
        id='data-all-zero',
        edits=(WITH_DATA, ('value: 2}', 'value: 0}'), ('value: 44}', 'value: 0}')),
        expected=(
            ('campaign.yaml:42:7: error: data.datasets[0].values: the values add up to 0; a '
             'chart needs at least one value above 0'),
        ),
        schema=False,
    ),
    Case(
        id='data-heading-unknown-placeholder',
        edits=(WITH_DATA, ('Victims in {year}', 'Victims in {year} ({total})')),
        expected=(
            ('campaign.yaml:39:12: error: data.heading: unknown placeholder {total}; allowed '
             'here: {year}'),
        ),
        schema=True,
    ),
    Case(
        id='data-dataset-without-values',
        edits=(WITH_DATA, ('      values:\n        - {label: Male, value: 2}\n'
                           '        - {label: Female, value: 44}\n', '')),
        expected=(
            ("campaign.yaml:42:7: error: data.datasets[0].values: required key 'values' is "
             "missing; add it under 'data.datasets[0]'"),
        ),
        schema=True,
    ),
    Case(
        id='language-without-font-setup',
        edits=(('[en, ja]', '[en, ja, bo]'),),
        expected=(
            ("campaign.yaml:6:23: error: campaign.languages: language 'bo' has no usable font "
             "setup: no font stack is configured for the Tibetan (Tibt) script. It needs fonts "
             "for Tibetan (Tibt) and Latin (Latn) for numbers and web addresses. Install the "
             "font (see README, Fonts), or give the campaign a stack of its own: a TrueType "
             "file in the campaign folder under `fonts: faces:` and `fonts: stacks: {bo: "
             "[your-face]}` in campaign.yaml (docs/fonts.md)"),
        ),
        schema=False,
    ),
    Case(
        id='own-layout-names-no-field',
        edits=(ONLY_CARD,),
        files={'layouts/card.yaml': STOCK_CARD.replace('content: web.url,',
                                                       'content: web.adress,').encode()},
        expected=(
            ("layouts/card.yaml:49:17: error: pages[1].rows[0].columns[0].rows[1]: unknown "
             "content 'web.adress': web has no field 'adress' (it has: label, note, qr, url); "
             "see docs/layouts.md for the paths"),
        ),
        schema=None,
    ),
    Case(
        id='own-layout-names-a-list',
        edits=(ONLY_CARD,),
        files={'layouts/card.yaml': STOCK_CARD.replace('content: call_to_action,',
                                                       'content: hotlines,').encode()},
        expected=(
            ("layouts/card.yaml:28:9: error: pages[0].rows[1]: unknown content 'hotlines': "
             "hotlines is a list; name one item, e.g. hotlines[0]; see docs/layouts.md for the "
             "paths"),
        ),
        schema=None,
    ),
)
