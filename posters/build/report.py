"""out/<campaign>/build-report.json: what a build made and what the checks found.

The one module that knows the report's form: the build writes it (``write_report``), the
gallery, ``posters serve`` and ``posters check`` read it (``load_report``,
``previous_entries``). Its text comes from translations and file names, so a reader
treats every string as untrusted: the loader checks types and shapes, and the gallery's
HTML escapes everything.

    {"campaign": "tip-2023", "title": "...",
     "outputs": [{"path": "en/poster-jis-b2.pdf", "lang": "en", "language_name": "English",
                  "format": "poster", "size": "jis-b2", "variant": "print",
                  "region": "generic",
                  "status": "built",  # built | unchanged | failed (a failed one has no PDF)
                  "findings": [{"code": "PF003", "level": "warning", "message": "...",
                                "location": "page 1"}],
                  "diagnostics": ["content/.../messages.po:12: error: ..."],
                  # optional: the warnings about its inputs (a catalog's QA, a layout's
                  # "may not fit"), a campaign file named relative to the campaign folder;
                  # a build that finds the output unchanged gives them again
                  "warnings": [{"code": "", "level": "warning", "message": "...",
                                "location": "locale/tl/LC_MESSAGES/messages.po:277",
                                "subject": "..."}],
                  "fingerprint": "3f2a...",  # optional; what a review approves
                  "fallbacks": ["..."],  # optional: untranslated texts shown in the source
                  # what the checks required of the file; `posters check` requires it again
                  "expected": {"texts": ["0120-924-839"], "url": "https://...", "qr": true}}]}

Paths are relative to out/<campaign>/ with "/" separators.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posters.diagnostics import Diagnostic
from posters.files import atomic_path
from posters.languages import autonym

if TYPE_CHECKING:
    from posters.build.task import TaskResult

REPORT = "build-report.json"
STATUSES = ("built", "unchanged", "failed")


class ReportError(ValueError):
    """The report is missing or malformed; the message says where and what to do."""


@dataclass(frozen=True)
class OutputEntry:
    path: str  # relative to out/<campaign>/, with "/" separators
    lang: str
    language_name: str
    format: str
    size: str
    variant: str
    status: str
    findings: tuple[Diagnostic, ...] = ()  # the checks' findings on the written file
    diagnostics: tuple[str, ...] = ()  # why a failed output failed, as printed
    region: str = ""  # "" when the report has no regions; the build writes "generic"
    fingerprint: str = ""  # what the output was built from (build.fingerprint); "" if failed
    # the source texts that stood in for missing translations (a draft), if the report says
    fallbacks: tuple[str, ...] = ()
    # what the checks required of the file ({"texts": [...], "url": ..., "qr": bool, ...}):
    # untrusted JSON, read by `posters check`
    expected: Mapping[str, Any] | None = field(default=None, compare=False)
    # the warnings about its inputs, said when it was built (a campaign file's location
    # relative to the campaign folder: ``portable``)
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class BuildReport:
    campaign: str
    title: str
    outputs: tuple[OutputEntry, ...]


@functools.cache
def language_name(lang: str) -> str:
    """The language's name in itself (CLDR), e.g. 'ไทย' for th; 'all' names the documents
    that carry every language at once."""
    from posters.i18n.pseudo import is_pseudo

    if is_pseudo(lang):
        return f"Pseudo-locale {lang}"
    return "All languages" if lang == "all" else autonym(lang)


# --------------------------------------------------------------------------- writing

def entry_json(entry: OutputEntry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": entry.path, "lang": entry.lang, "language_name": entry.language_name,
        "format": entry.format, "size": entry.size, "variant": entry.variant,
        "region": entry.region, "status": entry.status,
        "findings": [f.to_json() for f in entry.findings],
        "diagnostics": list(entry.diagnostics),
    }
    if entry.fingerprint:
        data["fingerprint"] = entry.fingerprint
    if entry.fallbacks:
        data["fallbacks"] = list(entry.fallbacks)
    if entry.expected is not None:
        data["expected"] = entry.expected
    if entry.warnings:
        data["warnings"] = [w.to_json() for w in entry.warnings]
    return data


def portable(diagnostic: Diagnostic, campaign_dir: Path) -> Diagnostic:
    """``diagnostic`` with a file of the campaign named relative to its folder, as the
    report goes to other machines and people (a tool's file is left as it is)."""
    file = Path(diagnostic.location.file)
    if not diagnostic.location.file or not file.is_relative_to(campaign_dir):
        return diagnostic  # a tool's file, or relative to the campaign folder already
    relative = file.relative_to(campaign_dir)
    return replace(diagnostic, location=replace(diagnostic.location,
                                                file=relative.as_posix()))


def local(diagnostic: Diagnostic, campaign_dir: Path) -> Diagnostic:
    """The inverse of ``portable``: the file as this build names it (``campaign_dir``
    joined), so that the same warning said by a task and recalled from the report is
    one."""
    file = diagnostic.location.file
    if not file or Path(file).is_absolute():
        return diagnostic
    return replace(diagnostic, location=replace(diagnostic.location,
                                                file=str(campaign_dir / file)))


def report_json(report: BuildReport) -> str:
    """The report's text: outputs sorted by path, keys sorted, readable (not \\u-escaped),
    so that the same build gives the same bytes."""
    return "".join(_report_chunks(report))


def _report_chunks(report: BuildReport) -> Iterator[str]:
    """The report's text, an output at a time: the text json.dumps(indent=1,
    sort_keys=True) gives the whole report, without the whole report's dicts and text in
    memory at once (a batch of ten thousand outputs: 75 MiB)."""
    outputs = sorted(report.outputs, key=lambda e: (e.path, e.lang, e.format, e.size,
                                                     e.variant, e.region))

    def dumped(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)

    yield f'{{\n "campaign": {dumped(report.campaign)},\n "outputs": '
    if not outputs:
        yield "[]"
    for i, entry in enumerate(outputs):
        # an output is the list's item two levels down: each of its lines indented by two
        # (JSON strings hold no raw line breaks)
        lines = dumped(entry_json(entry)).split("\n")
        yield ("[\n" if i == 0 else ",\n") + "\n".join("  " + line for line in lines)
    if outputs:
        yield "\n ]"
    yield f',\n "title": {dumped(report.title)}\n}}'


def write_report(campaign_out: Path, report: BuildReport) -> Path:
    """Write campaign_out/build-report.json atomically, an output at a time; a full disk
    leaves no half file."""
    target = campaign_out / REPORT
    with atomic_path(target) as temporary, \
            temporary.open("w", encoding="utf-8", newline="") as file:
        for chunk in _report_chunks(report):
            file.write(chunk)
    return target


def merged(previous: Iterable[OutputEntry], outputs: Iterable[OutputEntry],
           removed: Iterable[str] = ()) -> tuple[OutputEntry, ...]:
    """The last report's entries updated with this build's (an output not rebuilt keeps
    its entry); the ``removed`` paths leave it."""
    entries = {entry.path: entry for entry in previous}
    for gone in removed:
        entries.pop(gone, None)
    entries.update((entry.path, entry) for entry in outputs)
    return tuple(entries[key] for key in sorted(entries))


# --------------------------------------------------------------------------- reading

def load_report(campaign_out: Path) -> BuildReport:
    path = campaign_out / REPORT
    return parse_report(_read(path), str(path))


def previous_entries(campaign_out: Path, name: str = REPORT) -> dict[str, OutputEntry]:
    """The last build's entries by path, those that read cleanly; none when the report is
    missing or unreadable (the build then writes a whole new one). ``name``: another
    report of the folder's (a shard's, posters.build.shard)."""
    try:
        data = _read(campaign_out / name)
    except ReportError:
        return {}
    outputs = data.get("outputs") if isinstance(data, dict) else None
    entries = {}
    for i, raw in enumerate(outputs if isinstance(outputs, list) else []):
        problems: list[str] = []
        entry = _entry(raw, f"outputs[{i}]", problems)
        if entry is not None and not problems:
            entries[entry.path] = entry
    return entries


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: no build report; run `posters build` first") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read the build report: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}:{exc.lineno}: the build report is not valid JSON "
                          f"({exc.msg}); run `posters build` again") from None


def parse_report(data: Any, where: str = REPORT) -> BuildReport:
    """Check the shape of every part and collect all problems before raising."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ReportError(f"{where}: the build report must be a JSON object; "
                          "run `posters build` again")
    campaign = _text(data, "campaign", "report", problems)
    title = _text(data, "title", "report", problems, default=campaign)
    raw_outputs = data.get("outputs")
    if not isinstance(raw_outputs, list):
        problems.append("report.outputs: expected a list")
        raw_outputs = []
    outputs = [entry for i, raw in enumerate(raw_outputs)
               if (entry := _entry(raw, f"outputs[{i}]", problems)) is not None]
    if problems:
        listed = "\n  ".join(problems)
        raise ReportError(f"{where}: the build report is malformed; run `posters build` "
                          f"again:\n  {listed}")
    return BuildReport(campaign, title, tuple(outputs))


def _text(obj: Mapping[str, Any], key: str, at: str, problems: list[str],
          default: str | None = None) -> str:
    value = obj.get(key, default)
    if not isinstance(value, str):
        problems.append(f"{at}.{key}: expected a string")
        return ""
    return value


def _entry(raw: Any, at: str, problems: list[str]) -> OutputEntry | None:
    if not isinstance(raw, dict):
        problems.append(f"{at}: expected an object")
        return None
    status = _text(raw, "status", at, problems)
    if isinstance(raw.get("status"), str) and status not in STATUSES:
        problems.append(f"{at}.status: {status!r} is not one of {', '.join(STATUSES)}")
    raw_findings = raw.get("findings", [])
    if not isinstance(raw_findings, list):
        problems.append(f"{at}.findings: expected a list")
        raw_findings = []
    findings = [finding for j, f in enumerate(raw_findings)
                if (finding := _finding(f, f"{at}.findings[{j}]", problems)) is not None]
    raw_diagnostics = raw.get("diagnostics", [])
    if not isinstance(raw_diagnostics, list) or not all(
            isinstance(d, str) for d in raw_diagnostics):
        problems.append(f"{at}.diagnostics: expected a list of strings")
        raw_diagnostics = []
    lang = _text(raw, "lang", at, problems)
    expected = raw.get("expected")
    if expected is not None and not isinstance(expected, dict):
        problems.append(f"{at}.expected: expected an object")
        expected = None
    raw_warnings = raw.get("warnings", [])
    if not isinstance(raw_warnings, list):
        problems.append(f"{at}.warnings: expected a list")
        raw_warnings = []
    warnings = [warning for j, w in enumerate(raw_warnings)
                if (warning := _finding(w, f"{at}.warnings[{j}]", problems)) is not None]
    return OutputEntry(
        path=_text(raw, "path", at, problems), lang=lang,
        language_name=_text(raw, "language_name", at, problems, default=lang),
        format=_text(raw, "format", at, problems), size=_text(raw, "size", at, problems),
        variant=_text(raw, "variant", at, problems, default="print"), status=status,
        findings=tuple(findings), diagnostics=tuple(raw_diagnostics),
        region=_text(raw, "region", at, problems, default=""),
        fingerprint=_text(raw, "fingerprint", at, problems, default=""),
        fallbacks=_fallbacks(raw), expected=expected, warnings=tuple(warnings))


def _finding(raw: Any, at: str, problems: list[str]) -> Diagnostic | None:
    try:
        return Diagnostic.from_json(raw)
    except ValueError as error:  # "expected an object", or "key: what is wrong with it"
        problems.append(f"{at}: {error}" if str(error).startswith("expected") else f"{at}.{error}")
        return None


def _fallbacks(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """The untranslated texts of a draft output. Read leniently: older reports have no
    such key, and its name is settling ("fallbacks", "fallback" or "untranslated"); each
    item a string or an object with a "source" (or "text"/"msgid") string."""
    for key in ("fallbacks", "fallback", "untranslated"):
        value = raw.get(key)
        if isinstance(value, list):
            break
    else:
        return ()
    texts = []
    for item in value:
        if isinstance(item, Mapping):
            item = next((item[k] for k in ("source", "text", "msgid")
                         if isinstance(item.get(k), str)), None)
        if isinstance(item, str):
            texts.append(item)
    return tuple(texts)


def build_entries(results: Iterable[TaskResult], campaign_out: Path, campaign_dir: Path,
                  before: Mapping[str, OutputEntry]) -> list[OutputEntry]:
    """This build's entries: one per output of each task. An output not rebuilt keeps
    what it was checked for, and found, last time (the same file)."""
    from posters.build.outputs import GENERIC
    from posters.files import relative_text

    entries = []
    for task in results:
        # relative to the campaign folder: the report goes to other machines and people
        diagnostics = tuple(relative_text(str(d), campaign_dir) for d in task.diagnostics)
        for result in task.results:
            output = result.output
            path = output.path.relative_to(campaign_out).as_posix()
            entry = OutputEntry(
                path=path, lang=output.lang, language_name=language_name(output.lang),
                format=output.format, size=output.size, variant=output.variant,
                region=output.region or GENERIC, status=result.status,
                findings=tuple(result.findings),
                diagnostics=diagnostics if result.status == "failed" else (),
                fingerprint=result.fingerprint,  # what a reviewer's approval is bound to
                expected=result.expected,
                warnings=tuple(portable(w, campaign_dir) for w in result.warnings))
            last = before.get(path)
            if result.expected is None and result.status == "unchanged" and last is not None:
                entry = replace(entry, expected=last.expected, findings=last.findings)
            entries.append(entry)
    return entries
