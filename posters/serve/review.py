"""<campaign>/review.yaml: who approved which output, or asked for changes, and why.

A plain YAML file in the campaign folder, so that version control keeps the sign-offs
with the content they are about. Each decision is bound to the output's fingerprint
(``posters.build.fingerprint``: the campaign file, the catalog, the layout, fonts, assets and
the tool that made it): when any of those changes, the decision no longer holds and the
gallery marks the output "changed since approved".

    # Sign-offs of this campaign's outputs, written by `posters serve`.
    en/poster-jis-b2.pdf:
      decision: approved            # or: changes-requested
      by: Aiko Tanaka
      date: 2026-12-01
      comment: Hotline checked against the ministry's list.
      fingerprint: 3f2a...          # the output approved; another output voids it

Keys are output paths relative to out/<campaign>/, as in build-report.json.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from posters.files import write_atomic

REVIEW_FILE = "review.yaml"
DECISIONS = ("approved", "changes-requested")
MAX_NAME = 100
MAX_COMMENT = 4000
HEADER = ("# Sign-offs of this campaign's outputs, written by `posters serve`; keep it under\n"
          "# version control. A decision holds only for the output it names by fingerprint.\n")


class ReviewError(ValueError):
    """review.yaml cannot be read, or a decision is not acceptable; says what to do."""


@dataclass(frozen=True)
class Decision:
    decision: str  # one of DECISIONS
    by: str
    date: str  # ISO date, e.g. 2026-12-01
    fingerprint: str
    comment: str = ""


@dataclass(frozen=True)
class ReviewState:
    """A decision seen against the output as it is now."""

    state: str  # "approved", "changes-requested", "changed" (since approved) or "unreviewed"
    decision: Decision | None = None

    @property
    def approved(self) -> bool:
        return self.state == "approved"


def state_of(decision: Decision | None, fingerprint: str) -> ReviewState:
    if decision is None:
        return ReviewState("unreviewed")
    if not fingerprint or decision.fingerprint != fingerprint:
        # a request for changes on an older output is history, not a verdict on this one
        return ReviewState("changed", decision)
    return ReviewState(decision.decision, decision)


class ReviewStore:
    """The decisions of one campaign; safe to use from the server's threads."""

    def __init__(self, campaign_dir: Path) -> None:
        self.path = campaign_dir / REVIEW_FILE
        self._lock = threading.Lock()

    def load(self) -> dict[str, Decision]:
        """Every decision in the file; none when there is no file. Raise ReviewError with
        the file and line when it is not what `posters serve` writes."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise ReviewError(f"{REVIEW_FILE}: cannot be read: {exc}") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise ReviewError(f"{REVIEW_FILE}{line}: not valid YAML; fix it or delete the "
                              "entry (git shows what changed)") from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise ReviewError(f"{REVIEW_FILE}: expected a mapping of output paths to "
                              "decisions")
        decisions = {}
        for path, raw in data.items():
            decision = _decision(raw)
            if not isinstance(path, str) or decision is None:
                raise ReviewError(
                    f"{REVIEW_FILE}: the entry {str(path)!r} needs decision ("
                    f"{' or '.join(DECISIONS)}), by, date and fingerprint")
            decisions[path] = decision
        return decisions

    def record(self, paths: Iterable[str], fingerprints: Mapping[str, str], decision: str,
               by: str, comment: str = "", today: datetime.date | None = None
               ) -> dict[str, Decision]:
        """Record one decision for these outputs (each bound to its own fingerprint) and
        write the file; return every decision."""
        by, comment = by.strip(), comment.strip()
        if decision not in DECISIONS:
            raise ReviewError(f"the decision must be {' or '.join(DECISIONS)}")
        if not by or len(by) > MAX_NAME or not by.isprintable():
            raise ReviewError(f"give your name (1 to {MAX_NAME} characters)")
        if len(comment) > MAX_COMMENT:
            raise ReviewError(f"the comment is longer than {MAX_COMMENT} characters")
        if decision == "changes-requested" and not comment:
            raise ReviewError("say what to change in the comment")
        paths = list(paths)
        if not paths:
            raise ReviewError("no output to review")
        missing = [p for p in paths if not fingerprints.get(p)]
        if missing:
            raise ReviewError(f"{missing[0]} is not built; build it before reviewing it")
        date = (today or datetime.date.today()).isoformat()
        with self._lock:
            decisions = self.load()
            for path in paths:
                decisions[path] = Decision(decision, by, date, fingerprints[path], comment)
            self._write(decisions)
            return decisions

    def _write(self, decisions: Mapping[str, Decision]) -> None:
        data = {}
        for path in sorted(decisions):
            d = decisions[path]
            entry = {"decision": d.decision, "by": d.by, "date": d.date}
            if d.comment:
                entry["comment"] = d.comment
            entry["fingerprint"] = d.fingerprint
            data[path] = entry
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)
        write_atomic(self.path, HEADER + text)


def _decision(raw: object) -> Decision | None:
    if not isinstance(raw, dict):
        return None
    values = {k: raw.get(k) for k in ("decision", "by", "date", "fingerprint")}
    if isinstance(values["date"], datetime.date):
        values["date"] = values["date"].isoformat()  # YAML reads 2026-12-01 as a date
    if not all(isinstance(v, str) and v for v in values.values()):
        return None
    if values["decision"] not in DECISIONS:
        return None
    comment = raw.get("comment", "")
    return Decision(values["decision"], values["by"], values["date"], values["fingerprint"],
                    comment if isinstance(comment, str) else str(comment))
