"""`posters build --release`: every output must be approved as it is now."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from posters.serve.review import REVIEW_FILE, ReviewError, ReviewStore, state_of

if TYPE_CHECKING:
    from posters.build import OutputResult


def unapproved(campaign_dir: Path, campaign_out: Path,
               results: Iterable[OutputResult]) -> list[str]:
    """One line per output that is not approved (or whose approval no longer holds),
    saying why; empty when all are approved."""
    try:
        decisions = ReviewStore(campaign_dir).load()
    except ReviewError as exc:
        where, _, why = str(exc).partition(": ")
        return [f"{where}: error: {why}"]
    lines = []
    for result in results:
        path = result.output.path.relative_to(campaign_out).as_posix()
        decision = decisions.get(path)
        state = state_of(decision, result.fingerprint)
        if state.approved:
            continue
        if decision is None:
            why = "not reviewed"
        elif state.state == "changed":
            why = (f"changed since {decision.decision.replace('-', ' ')} by {decision.by} "
                   f"on {decision.date}")
        else:
            why = f"changes requested by {decision.by} on {decision.date}: {decision.comment}"
        lines.append(f"{REVIEW_FILE}: error: {path}: {why}")
    return lines
