"""Stable message contexts: every list item a text belongs to is named by an id, never by
its position, so that reordering, inserting or deleting items keeps every other
translation.

An item's id is the one written in ``campaign.yaml`` (``id:``), or else derived from
what the item says, the same way every time (docs/translating.md, "Message contexts"):

=======================  ===================================  ==========================
item                     context of its text                   id when none is given
=======================  ===================================  ==========================
hotline                  ``content.hotlines.<id>.label``       required
hotline note             ``content.hotlines.<id>.notes.<n>``   the note's words
warning sign             ``content.warning_signs.items.<id>``  its ``icon``
statistic                ``content.statistics.items.<id>``     its caption's words
dataset                  ``data.datasets.<id>.title``          required
dataset value            ``data.datasets.<id>.values.<v>``     its label's words
region                   ``regions.<id>.name``                 required
=======================  ===================================  ==========================

"The words" is a slug: placeholders dropped, lower case, words of any script joined by
``-``, cut at a word end within 48 characters. Two items that would get the same id
are told apart by ``-2``, ``-3``... in the order they are written (only those items
depend on their order; give them ids to make them independent of it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from posters.model import Content, Data, Text

SLUG_LIMIT = 48
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script

T = TypeVar("T")


def slug(text: str, limit: int = SLUG_LIMIT) -> str:
    """``More than {value} of the victims were under 18!`` ->
    ``more-than-of-the-victims-were-under-18``."""
    plain = unicodedata.normalize("NFKC", _PLACEHOLDER.sub(" ", text)).casefold()
    result = ""
    for word in _WORD.findall(plain):
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > limit:
            return result or word[:limit]
        result = candidate
    return result


def assign_ids(given: Sequence[str | None], bases: Sequence[str], fallback: str
               ) -> tuple[str, ...]:
    """The id of each item: its given id, or the slug of its basis made unique (given ids
    win; derived ones that clash take ``-2``, ``-3``... in order)."""
    taken = {g for g in given if g}
    ids: list[str] = []
    for own, basis in zip(given, bases, strict=True):
        if own:
            ids.append(own)
            continue
        base = slug(basis) or fallback
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        ids.append(candidate)
    return tuple(ids)


def rekey(value: T, old: str, new: str) -> T:
    """``value`` with every Text whose key starts with the path ``old`` moved under
    ``new``; the first path a Text had is kept as ``Text.path``."""
    if isinstance(value, Text):
        key = value.key
        if key == old or key.startswith((old + ".", old + "[")):
            return replace(value, key=new + key[len(old):], path=value.path or key)
        return value
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: rekey(getattr(value, f.name), old, new) for f in fields(value)}
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return replace(value, **changed) if changed else value  # type: ignore[type-var]
    if isinstance(value, tuple):
        return tuple(rekey(item, old, new) for item in value)  # type: ignore[return-value]
    return value


def _keyed(items: Iterable[Any], prefix: str, ids: Sequence[str]) -> tuple[Any, ...]:
    return tuple(rekey(replace(item, id=item_id) if hasattr(item, "id") else item,
                       f"{prefix}[{index}]", f"{prefix}.{item_id}")
                 for index, (item, item_id) in enumerate(zip(items, ids, strict=True)))


def _note_ids(notes: Sequence[Text]) -> tuple[str, ...]:
    return assign_ids([None] * len(notes), [n.source for n in notes], "note")


def stable_content(content: Content) -> Content:
    """The content with every list item's texts keyed by the item's id."""
    hotlines = []
    for index, hotline in enumerate(content.hotlines):
        moved = rekey(hotline, f"content.hotlines[{index}]", f"content.hotlines.{hotline.id}")
        notes_at = f"content.hotlines.{hotline.id}.notes"
        notes = tuple(rekey(note, f"{notes_at}[{i}]", f"{notes_at}.{note_id}")
                      for i, (note, note_id) in enumerate(zip(
                          moved.notes, _note_ids(moved.notes), strict=True)))
        hotlines.append(replace(moved, notes=notes))
    content = replace(content, hotlines=tuple(hotlines))
    signs = content.warning_signs
    if signs is not None:
        ids = assign_ids([s.id or None for s in signs.items], [s.icon for s in signs.items],
                         "sign")
        content = replace(content, warning_signs=replace(
            signs, items=_keyed(signs.items, "content.warning_signs.items", ids)))
    statistics = content.statistics
    if statistics is not None:
        ids = assign_ids([s.id or None for s in statistics.items],
                         [s.caption.source for s in statistics.items], "statistic")
        content = replace(content, statistics=replace(
            statistics, items=_keyed(statistics.items, "content.statistics.items", ids)))
    return content


def stable_data(data: Data | None) -> Data | None:
    if data is None:
        return None
    datasets = []
    for index, dataset in enumerate(data.datasets):
        moved = rekey(dataset, f"data.datasets[{index}]", f"data.datasets.{dataset.id}")
        ids = assign_ids([v.id or None for v in moved.values],
                         [v.label.source for v in moved.values], "value")
        datasets.append(replace(moved, values=_keyed(
            moved.values, f"data.datasets.{dataset.id}.values", ids)))
    return replace(data, datasets=tuple(datasets))
