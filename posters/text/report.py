"""Per-language font report: which font files resolve and how they cover given text."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .cache import cache_dir
from .config import STYLES, FontConfig, FontConfigError
from .fonts import FontStore
from .itemize import is_ignorable


@dataclass(frozen=True)
class FontFile:
    font_id: str
    style: str
    path: str
    installed: bool


@dataclass(frozen=True)
class LanguageReport:
    lang: str
    files: tuple[FontFile, ...]
    chars: int  # distinct characters in the text
    covered_by: tuple[tuple[str, int], ...]  # font id -> characters it sets (first in stack)
    missing: tuple[str, ...]  # characters no font of the stack covers
    problems: tuple[str, ...]  # fonts not installed, packages missing

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problems


def font_report(
    config: FontConfig, texts: Iterable[tuple[str, str]], languages: list[str] | None = None
) -> list[LanguageReport]:
    store = FontStore(config, cache_dir())
    by_lang: dict[str, set[str]] = {}
    for lang, text in texts:
        chars = {
            c for c in unicodedata.normalize("NFC", text) if not c.isspace() and not is_ignorable(c)
        }
        by_lang.setdefault(lang, set()).update(chars)
    reports = []
    for lang in languages or list(config.languages):
        setup = config.language(lang)
        files, problems = [], []
        for fid in setup.stack:
            for style in STYLES:
                try:
                    spec = store.spec(fid, style)
                except (FontConfigError, OSError) as exc:
                    problems.append(f"{fid} {style}: {exc}")
                    continue
                path = spec.path(store.directory)
                files.append(FontFile(fid, style, str(path), path.exists()))
                if not path.exists():
                    problems.append(f"{fid} {style}: not installed ({path.name})")
        chars = by_lang.get(lang, set())
        counts = dict.fromkeys(setup.stack, 0)
        missing = []
        if not problems:
            for ch in sorted(chars):
                for fid in setup.stack:
                    if all(store.get(fid, s).covers(ord(ch)) for s in STYLES):
                        counts[fid] += 1
                        break
                else:
                    missing.append(ch)
        reports.append(
            LanguageReport(
                lang,
                tuple(files),
                len(chars),
                tuple(counts.items()),
                tuple(missing),
                tuple(problems),
            )
        )
    return reports
