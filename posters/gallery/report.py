"""out/<campaign>/build-report.json: what a build made and what the checks found.

The build writes it (``write_report``); the gallery reads it (``load_report``). Its text
comes from translations and file names, so the gallery treats every string as untrusted:
the loader checks types and shapes, and the HTML escapes everything.

    {"campaign": "tip-2023", "title": "...",
     "outputs": [{"path": "en/poster-jis-b2.pdf", "lang": "en", "language_name": "English",
                  "format": "poster", "size": "jis-b2", "variant": "print",
                  "region": "generic",  # optional
                  "status": "built",  # built | unchanged | failed (a failed one has no PDF)
                  "findings": [{"code": "PF003", "level": "warning", "message": "...",
                                "location": "page 1"}],
                  "diagnostics": ["content/.../messages.po:12: error: ..."],
                  "fingerprint": "3f2a...",  # optional; what a review approves
                  "fallbacks": ["..."],  # optional: untranslated texts shown in the source
                  # what the checks required of the file; `posters check` requires it again
                  "expected": {"texts": ["0120-924-839"], "url": "https://...", "qr": true}}]}

Paths are relative to out/<campaign>/ with "/" separators.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPORT = "build-report.json"
STATUSES = ("built", "unchanged", "failed")


class ReportError(ValueError):
    """The report is missing or malformed; the message says where and what to do."""


@dataclass(frozen=True)
class Finding:
    code: str
    level: str
    message: str
    location: str = ""


@dataclass(frozen=True)
class OutputEntry:
    path: str  # relative to out/<campaign>/, with "/" separators
    lang: str
    language_name: str
    format: str
    size: str
    variant: str
    status: str
    findings: tuple[Finding, ...] = ()
    diagnostics: tuple[str, ...] = ()
    region: str = ""  # "" when the report has no regions; the build writes "generic"
    fingerprint: str = ""  # what the output was built from (posters.fingerprint); "" if failed
    # the source texts that stood in for missing translations (a draft), if the report says
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildReport:
    campaign: str
    title: str
    outputs: tuple[OutputEntry, ...]


def make_report(campaign: str, title: str, outputs: Iterable[Mapping[str, Any]]) -> dict:
    """The report as JSON-ready data, outputs sorted by path; each output a mapping with
    the keys of ``OutputEntry`` (findings as mappings, or ``Finding``s)."""
    if not isinstance(campaign, str) or not isinstance(title, str):
        raise TypeError("campaign and title must be str (for a model Text, pass .source)")
    entries = []
    for output in outputs:
        entry = {
            "path": str(output["path"]).replace(os.sep, "/"),
            "lang": output["lang"],
            "language_name": output.get("language_name", output["lang"]),
            "format": output["format"],
            "size": output["size"],
            "variant": output.get("variant", "print"),
            "region": output.get("region", ""),
            "status": output["status"],
            "findings": [_finding_dict(f) for f in output.get("findings", ())],
            "diagnostics": [str(d) for d in output.get("diagnostics", ())],
        }
        for optional in ("fingerprint", "fallbacks"):
            if output.get(optional):
                entry[optional] = output[optional]
        entries.append(entry)
    entries.sort(key=lambda e: (e["path"], e["lang"], e["format"], e["size"], e["variant"],
                                e["region"]))
    return {"campaign": campaign, "title": title, "outputs": entries}


def _finding_dict(finding: Finding | Mapping[str, Any]) -> dict:
    if isinstance(finding, Finding):
        return {"code": finding.code, "level": finding.level, "message": finding.message,
                "location": finding.location}
    return {"code": str(finding["code"]), "level": str(finding["level"]),
            "message": str(finding["message"]), "location": str(finding.get("location", ""))}


def write_report(campaign_out: Path, campaign: str, title: str,
                 outputs: Iterable[Mapping[str, Any]]) -> Path:
    """Write campaign_out/build-report.json atomically and deterministically."""
    data = make_report(campaign, title, outputs)
    target = campaign_out / REPORT
    write_atomic(target, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return target


def write_atomic(target: Path, text: str | bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode() if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_report(campaign_out: Path) -> BuildReport:
    path = campaign_out / REPORT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: no build report; run `posters build` first") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read the build report: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}:{exc.lineno}: the build report is not valid JSON "
                          f"({exc.msg}); run `posters build` again") from None
    return parse_report(data, str(path))


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


def parse_report(data: Any, where: str = REPORT) -> BuildReport:
    """Check the shape of every part and collect all problems before raising."""
    problems: list[str] = []

    def text(obj: Mapping[str, Any], key: str, at: str, default: str | None = None) -> str:
        value = obj.get(key, default)
        if not isinstance(value, str):
            problems.append(f"{at}.{key}: expected a string")
            return ""
        return value

    if not isinstance(data, dict):
        raise ReportError(f"{where}: the build report must be a JSON object; "
                          "run `posters build` again")
    campaign = text(data, "campaign", "report")
    title = text(data, "title", "report", default=campaign)
    raw_outputs = data.get("outputs")
    if not isinstance(raw_outputs, list):
        problems.append("report.outputs: expected a list")
        raw_outputs = []
    outputs = []
    for i, raw in enumerate(raw_outputs):
        at = f"outputs[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{at}: expected an object")
            continue
        status = text(raw, "status", at)
        if isinstance(raw.get("status"), str) and status not in STATUSES:
            problems.append(f"{at}.status: {status!r} is not one of {', '.join(STATUSES)}")
        findings = []
        raw_findings = raw.get("findings", [])
        if not isinstance(raw_findings, list):
            problems.append(f"{at}.findings: expected a list")
            raw_findings = []
        for j, f in enumerate(raw_findings):
            if not isinstance(f, dict):
                problems.append(f"{at}.findings[{j}]: expected an object")
                continue
            fat = f"{at}.findings[{j}]"
            findings.append(Finding(text(f, "code", fat), text(f, "level", fat),
                                    text(f, "message", fat), text(f, "location", fat, "")))
        raw_diagnostics = raw.get("diagnostics", [])
        if not isinstance(raw_diagnostics, list) or not all(
                isinstance(d, str) for d in raw_diagnostics):
            problems.append(f"{at}.diagnostics: expected a list of strings")
            raw_diagnostics = []
        lang = text(raw, "lang", at)
        fingerprint = raw.get("fingerprint", "")
        if not isinstance(fingerprint, str):
            problems.append(f"{at}.fingerprint: expected a string")
            fingerprint = ""
        outputs.append(OutputEntry(
            path=text(raw, "path", at), lang=lang,
            language_name=text(raw, "language_name", at, default=lang),
            format=text(raw, "format", at), size=text(raw, "size", at),
            variant=text(raw, "variant", at, default="print"), status=status,
            findings=tuple(findings), diagnostics=tuple(raw_diagnostics),
            region=text(raw, "region", at, default=""), fingerprint=fingerprint,
            fallbacks=_fallbacks(raw)))
    if problems:
        listed = "\n  ".join(problems)
        raise ReportError(f"{where}: the build report is malformed; run `posters build` "
                          f"again:\n  {listed}")
    return BuildReport(campaign, title, tuple(outputs))
