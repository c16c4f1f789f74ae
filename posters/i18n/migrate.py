"""Moving catalogs written with position-based contexts (``content.hotlines[0].label``)
to id-based ones (``content.hotlines.police.label``) without losing a translation.

A message moves to a campaign text when its context is where that text was written
(``Text.path``) and its msgid is the text's; or, for a context with a list position
that no longer matches (the list was reordered since), when exactly one text has its
msgid (or, of several, exactly one in the same list) and no message has that text's
context yet. Everything else is left as it was, so
``posters i18n update`` then treats it as it always has.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message

from posters.model import Campaign, Text

_POSITION = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Migration:
    moved: int  # messages given an id-based context
    kept: int  # messages left as they were (already id-based, or no text matched)
    unmatched: tuple[str, ...]  # position-based contexts that matched no text


def _msgid(text: Text) -> str | tuple[str, str]:
    return text.source if text.plural is None else (text.source, text.plural)


def _same_id(message: Message, text: Text) -> bool:
    wanted = _msgid(text)
    have = message.id if isinstance(message.id, str) else tuple(message.id)
    return have == wanted


def migrate_catalog(campaign: Campaign, catalog: Catalog) -> tuple[Catalog, Migration]:
    """A copy of ``catalog`` with every matched message under its id-based context, in
    the same order, with its translation, flags, comments and previous text."""
    texts = list(campaign.texts())
    by_path = {text.written_at: text for text in texts}
    by_msgid: dict[object, list[Text]] = defaultdict(list)
    for text in texts:
        by_msgid[_msgid(text)].append(text)
    contexts = {m.context for m in catalog if m.id}
    moved = kept = 0
    unmatched: list[str] = []
    migrated = copy.deepcopy(catalog)  # the header, its comment and obsolete entries
    for message in list(migrated):
        if message.id:
            migrated.delete(message.id, context=message.context)
    taken: set[str | None] = set()
    for message in catalog:
        if not message.id:
            continue
        target = _target(message, by_path, by_msgid, contexts | taken)
        if target is None:
            if message.context and _POSITION.search(message.context):
                unmatched.append(message.context)
            kept += 1
            context = message.context
        else:
            moved += 1
            context = target.key
        taken.add(context)
        migrated[message.id] = Message(
            message.id, message.string, message.locations, message.flags,
            message.auto_comments, message.user_comments, message.previous_id,
            message.lineno, context)
    return migrated, Migration(moved, kept, tuple(unmatched))


def _target(message: Message, by_path: dict[str, Text],
            by_msgid: dict[object, list[Text]], taken: set[str | None]) -> Text | None:
    context = message.context or ""
    if not _POSITION.search(context):
        return None  # already id-based, or a key without list items
    text = by_path.get(context)
    if text is not None and _same_id(message, text) and text.key not in taken:
        return text
    key = message.id if isinstance(message.id, str) else tuple(message.id)
    candidates = [t for t in by_msgid.get(key, []) if t.key not in taken]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    # the same English in several lists (Male in two charts): the one in the same list
    parent = _in_list(context)
    near = [t for t in candidates if _in_list(t.written_at) == parent]
    return near[0] if len(near) == 1 else None


def _in_list(path: str) -> str:
    """``data.datasets[0].values[1].label`` -> ``data.datasets[0].values[].label``."""
    found = list(_POSITION.finditer(path))
    if not found:
        return path
    last = found[-1]
    return path[:last.start()] + "[]" + path[last.end():]
