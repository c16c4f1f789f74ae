"""Watching a campaign's files (watchfiles: inotify, FSEvents or polling, per system)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from posters.build.fingerprint import PACKAGE_DIR, tool_fingerprint
from posters.layout.description import LAYOUT_DIR
from posters.serve.review import REVIEW_FILE

DEBOUNCE_MS = 30  # an editor's save is several events within a few milliseconds


class CampaignFilter(watchfiles.DefaultFilter):
    """The campaign's own files: not hidden or temporary ones (ours are written as
    .<name>.tmp and renamed), not the output folder when it is inside the campaign."""

    def __init__(self, ignore: list[Path]) -> None:
        super().__init__()
        self.ignore = [str(p.resolve()) for p in ignore]

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        if name.startswith(".") or name.endswith((".tmp", "~")):
            return False
        if any(path == p or path.startswith(p + "/") for p in self.ignore):
            return False
        return super().__call__(change, path)


def watched(campaign_dir: Path) -> list[Path]:
    """The campaign folder (campaign.yaml, locale/, assets, its own layouts and region
    files) and the stock layouts."""
    return [campaign_dir.resolve(), LAYOUT_DIR]


class Watcher(threading.Thread):
    """Calls ``on_change`` with the changed files, one batch at a time, until stopped."""

    def __init__(self, paths: list[Path], ignore: list[Path],
                 on_change: Callable[[set[Path]], None]) -> None:
        super().__init__(name="posters-watch", daemon=True)
        self.paths = paths
        self.filter = CampaignFilter(ignore)
        self.on_change = on_change
        self.stop_event = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        self.ready.set()
        for changes in watchfiles.watch(*self.paths, watch_filter=self.filter,
                                        debounce=DEBOUNCE_MS, step=10,
                                        stop_event=self.stop_event, raise_interrupt=False):
            files = {Path(path) for _, path in changes}
            if any(PACKAGE_DIR in f.parents for f in files):
                tool_fingerprint.cache_clear()  # a stock layout is part of the tool
            self.on_change(files)

    def stop(self) -> None:
        self.stop_event.set()


def only_reviews(files: set[Path]) -> bool:
    return all(f.name == REVIEW_FILE for f in files)
