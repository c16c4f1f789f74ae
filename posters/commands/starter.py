"""The campaign `posters new` writes: a commented campaign.yaml, and the texts of its
starter content in the languages we have translated them into (by key path, as the
catalogs' msgctxt), so that a new campaign in those languages builds at once."""

from __future__ import annotations

from pathlib import Path

import yaml

# Tokens replaced when the file is written: @ID@, @TITLE@, @SOURCE@, @LANGUAGES@, @YEAR@,
# and each @<key path>@ with the source language's text (YAML-quoted).
CAMPAIGN_YAML = """\
# A new campaign, written by `posters new`. Change it, then run `posters build` in this
# folder (or `posters build @FOLDER@` from outside). Every key is described in
# docs/campaign-format.md; `posters validate` checks the file and names the line of each
# problem.
#
# Prose is translatable: `posters i18n update` carries changes into the catalogs in
# locale/<lang>/LC_MESSAGES/messages.po, and a "# Translators:" comment right above a
# text goes to the translators with it. Numbers, phone numbers and web addresses are
# data, never translated.

campaign:
  id: @ID@
  title: @campaign.title@
  # the language the texts below are written in
  source_language: @SOURCE@
  # every language to build; each besides the source has its catalog in locale/
  languages: [@LANGUAGES@]
  reference_year: @YEAR@
  # TODO: who publishes the notice
  organisation: Your organisation
  copyright: © @YEAR@ Your organisation

# What `posters build` makes: each format at its sizes, the first its default. Formats:
# poster, flyer, trifold, card, multilingual, language-card; sizes such as iso-a4,
# iso-a3, jis-b2, us-letter, tabloid, card-eu, card-us, or WxHmm / WxHin (docs/layouts.md).
formats:
  poster: [iso-a4, us-letter]

brand:
  colours:                                  # CMYK percentages, for print
    primary: {cmyk: [100, 60, 0, 10]}       # the headline band, headings, numbers
    ink: {cmyk: [0, 0, 0, 100]}             # body text
    paper: {cmyk: [0, 0, 0, 0]}
    accent: {cmyk: [0, 20, 100, 0]}         # the tagline and the call-to-action band
    muted: {cmyk: [0, 0, 0, 68]}            # notes, footer: K68 meets WCAG AA on white
  # logo: assets/logo.svg                   # an SVG, PNG, JPEG or TIFF in this folder

content:
  headline: @content.headline@
  tagline: @content.tagline@

  warning_signs:                            # optional; 1 to 12 signs
    heading: @content.warning_signs.heading@
    items:
      # icon: a stock icon (docs/icons.md lists them with pictures) or your own
      # assets/icons/<name>.svg
      - icon: documents-confiscated
        text: @content.warning_signs.items.documents-confiscated.text@
      - icon: unpaid-wages
        text: @content.warning_signs.items.unpaid-wages.text@
      - icon: cannot-leave
        text: @content.warning_signs.items.cannot-leave.text@

  call_to_action:
    # Translators: {hotline} is the phone number of the help line; keep it as written.
    text: @content.call_to_action.text@

  hotlines:
    - id: hotline                           # {hotline} in the call to action above
      label: @content.hotlines.hotline.label@
      number: 000 000 0000                  # TODO: your help line's number, as dialled

  # web:                                    # optional: printed, linked and as a QR code
  #   url: https://www.example.org

  footer:
    copyright: @content.footer.copyright@
"""


def _texts() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("starter.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# language -> key path -> text; "en" is the fallback source text
TEXTS: dict[str, dict[str, str]] = _texts()
