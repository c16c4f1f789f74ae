"""The lookup a build localizes a language with: its catalog (with the locked wording of
a legal requirement checked), a pseudo-locale's made-up translation, or none for the
source language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from posters.diagnostics import Diagnostic
from posters.i18n.pseudo import is_pseudo
from posters.model import Campaign

if TYPE_CHECKING:
    from posters.localize import Lookup

# (campaign, language, draft) -> the lookup and the catalog's problems; `posters serve`
# passes one that keeps catalogs between builds
LookupFactory = Callable[[Campaign, str, bool], "tuple[Lookup | None, list[Diagnostic]]"]


def catalog_lookups(campaign: Campaign, lang: str, draft: bool
                    ) -> tuple[Lookup | None, list[Diagnostic]]:
    """The language's catalog; the source language needs none."""
    if lang == campaign.meta.source_language:
        return None, []
    if is_pseudo(lang):
        from posters.i18n.pseudo import lookup_for

        return lookup_for(lang), []
    from posters.i18n.catalogs import load_lookup

    lookup, problems = load_lookup(campaign, lang, draft=draft)
    if campaign.requirements is not None:  # mandated wording a catalog may not change
        from posters.preflight.requirements import locked_text_problems

        problems = [*problems, *locked_text_problems(campaign, lang, lookup)]
    return lookup, problems
