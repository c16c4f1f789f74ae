"""Fill a campaign's PO catalogs from translation tables (key path -> text YAML files).

Usage: python tools/import_translations.py CAMPAIGN TABLE_DIR [LANG ...]

Each TABLE_DIR/<lang>.yaml (and regions-<lang>.yaml and extra-<lang>.yaml, when there
are) maps a message context (the key path, e.g. ``content.tagline``) to its translation.
The catalogs must exist (``posters i18n init``); a translation goes into the message with
that context, nothing is retyped. Keys the catalog does not have are reported; ``_language_name`` is
ignored.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from posters.commands.i18n import po_bytes
from posters.files import write_atomic
from posters.i18n.catalogs import (
    catalog_path,
    read_catalog,
    review_catalog,
    translated_languages,
)
from posters.i18n.extract import load_for_catalogs


def main(argv: list[str]) -> int:
    folder, tables = Path(argv[0]), Path(argv[1])
    campaign, problems = load_for_catalogs(folder)
    if campaign is None:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    failed = False
    for lang in argv[2:] or translated_languages(campaign):
        table = {}
        for name in (f"{lang}.yaml", f"regions-{lang}.yaml", f"extra-{lang}.yaml"):
            if (tables / name).is_file():
                table.update(yaml.safe_load((tables / name).read_text(encoding="utf-8")))
        file = read_catalog(catalog_path(campaign, lang), lang)
        if file.catalog is None:
            print("\n".join(map(str, file.problems)), file=sys.stderr)
            failed = True
            continue
        by_context = {m.context: m for m in file.catalog if m.id}
        unknown = [k for k in table if k != "_language_name" and k not in by_context]
        if not (tables / f"{lang}.yaml").is_file():
            print(f"{lang}: no {lang}.yaml in {tables}", file=sys.stderr)
            failed = True
            continue
        for key, text in table.items():
            message = by_context.get(key)
            if message is None:
                continue
            message.string = text if not isinstance(message.id, tuple) else tuple(text)
            message.flags.discard("fuzzy")
        write_atomic(file.path, po_bytes(file.catalog))
        report = review_catalog(campaign, lang)
        print(f"{lang}: {report.translated}/{len(report.entries)} translated, "
              f"{report.errors} errors, {report.warnings} warnings"
              + (f"; not in the catalog: {unknown}" if unknown else ""))
        for problem in report.problems:
            print(f"  {problem}")
        failed = failed or bool(report.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
