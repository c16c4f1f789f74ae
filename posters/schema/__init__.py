"""Everything a user writes, read and fully checked before anything is built.

- ``source``: YAML with the line and column of every value, scalars kept as authored;
- ``readers``: the field readers (``Field``, ``Context``, ``INVALID``, ``read_mapping``...);
- ``campaign``: the campaign's schema, its cross-checks, ``load_campaign`` and
  ``deep_checks`` (what only the fonts and the SVG reader can tell);
- ``printing``: ``print:``, ``formats:`` and ``requirements:``;
- ``language_setup``: ``campaign.locales``, ``fonts:`` and each language's font setup;
- ``regions``: regional contacts from YAML or CSV;
- ``layouts``: the content paths a layout file names;
- ``assets``: icons (stock and the campaign's), SVG rules, logos, ICC profiles;
- ``phone``: the one phone-number rule: parsing, tel:/sms: links, digits in text.
"""
