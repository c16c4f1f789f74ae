"""The HTML edition: one accessible, self-contained web page per language.

Most people who scan a poster's QR code read on a phone. Each page carries the same
content as the posters (headline, statistics, warning signs, call to action, hotlines,
web address, local contacts, figures, footer) as real headings, lists and tables, with
``lang`` and ``dir`` set, ``tel:`` links, the icons inline with their alternative text and
the campaign's fonts cut down to the page's characters, so that it reads offline, without
script, on a machine that lacks the language's fonts.

The pages are written by ``posters.edition.site.write_edition``. This package imports
nothing itself, so that the preflight's contrast check (``posters.edition.contrast``) does
not load the page writer.
"""
