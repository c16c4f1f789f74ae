"""A build split across machines: ``posters build --shard I/N`` and ``posters merge``.

A shard builds whole tasks (one language and format: they share the localization), dealt
out from the build's full task list by expected cost, the same way on every machine (no
hash of anything machine-dependent, whatever the worker count). A shard writes its
outputs, their previews, ``.build-manifest.shard-I-of-N.json`` (and its digests) and
``build-report.shard-I-of-N.json``: the report of its outputs with a ``shard`` header
saying which shard it is, of which build (campaign, tool, the plan and its inputs, the
request). It writes nothing that belongs to the whole build (build-report.json, the
gallery, the HTML edition) and removes no output as stale: another shard's outputs are
not stale.

``merge()`` checks that every shard of one build is there exactly once, then does what the
end of an unsharded build does: the manifest, the removal of outputs no longer made, the
HTML edition, build-report.json and the gallery, so that the folder is the one an
unsharded build leaves; the shard files go.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posters.build.outputs import Output
from posters.build.report import BuildReport, OutputEntry, entry_json, parse_report
from posters.files import write_atomic

if TYPE_CHECKING:
    from posters.build.pool import Groups
    from posters.build.request import BuildRequest
    from posters.build.task import LanguageTask
    from posters.diagnostics import Diagnostic
    from posters.model import Campaign

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_SHARD_FILE = re.compile(r"^build-report\.shard-(\d+)-of-(\d+)\.json$")
# the request's fields that decide what a build makes and what its report says
REQUEST_FIELDS = ("languages", "formats", "sizes", "variants", "regions", "strict", "draft",
                  "gallery", "checks")


class ShardError(ValueError):
    """The shards cannot be merged; the message says why and what to do."""


def parse_shard(spec: str) -> tuple[int, int]:
    """``I/N`` with 1 <= I <= N; ValueError with the reason otherwise."""
    found = _SPEC.match(spec)
    if not found:
        raise ValueError(f"--shard {spec!r}: expected I/N, such as 1/4 (shard I of N)")
    index, count = int(found[1]), int(found[2])
    if count < 1 or not 1 <= index <= count:
        raise ValueError(f"--shard {spec!r}: I must be 1 to N (here N is {count}), "
                         "such as 1/4 to 4/4")
    return index, count


def shard_names(index: int, count: int) -> tuple[str, str, str]:
    """The shard's report, manifest and digests file names."""
    tail = f"shard-{index}-of-{count}.json"
    return f"build-report.{tail}", f".build-manifest.{tail}", f".build-digests.{tail}"


def task_cost(lang: str, outputs: list[Output]) -> int:
    """What a task is expected to cost: its outputs, each weighted by its language (the
    same weights the pool orders its tasks by)."""
    from posters.build.pool import expected_cost

    return expected_cost(lang) * len(outputs)


def assign(groups: Groups, count: int) -> list[list[tuple[str, str]]]:
    """The tasks of each of ``count`` shards: sorted by expected cost (dearest first),
    then by language and format, each dealt to the shard with the least cost so far (the
    lowest-numbered on a tie). Depends only on the plan."""
    order = sorted(groups, key=lambda key: (-task_cost(key[0], groups[key]), key))
    shards: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    loads = [0] * count
    for key in order:
        lightest = min(range(count), key=lambda i: (loads[i], i))
        shards[lightest].append(key)
        loads[lightest] += task_cost(key[0], groups[key])
    return shards


def select(groups: Groups, index: int, count: int) -> Groups:
    """The groups of shard ``index`` of ``count``, in the build's order."""
    mine = set(assign(groups, count)[index - 1])
    return {key: outputs for key, outputs in groups.items() if key in mine}


def identity(request: BuildRequest, campaign: Campaign, outputs: list[Output],
             task: LanguageTask) -> dict[str, Any]:
    """What makes shards parts of one build: the campaign, the tool, what the request asks
    for, and every planned output with its fingerprint (its inputs: content, catalogs,
    layouts, fonts, assets, profile)."""
    from posters.build.fingerprint import fonts_fingerprint, tool_fingerprint

    campaign_out = request.out_dir / campaign.name
    plan = hashlib.sha256()
    for output in sorted(outputs, key=lambda o: str(o.path)):
        plan.update(output.path.relative_to(campaign_out).as_posix().encode() + b"\0"
                    + task.fingerprint(output).encode() + b"\n")
    return {"campaign": campaign.meta.id, "tool": tool_fingerprint(),
            "fonts": fonts_fingerprint(), "plan": plan.hexdigest(),
            "request": {name: _jsonable(getattr(request, name)) for name in REQUEST_FIELDS}}


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def write_shard_report(campaign_out: Path, report: BuildReport, index: int, count: int,
                       ident: dict[str, Any], campaign_dir: Path) -> Path:
    outputs = sorted(report.outputs, key=lambda e: (e.path, e.lang, e.format, e.size,
                                                     e.variant, e.region))
    data = {"campaign": report.campaign, "title": report.title,
            "outputs": [entry_json(entry) for entry in outputs],
            "shard": {"index": index, "count": count, **ident,
                      "campaign_dir": str(campaign_dir)}}
    target = campaign_out / shard_names(index, count)[0]
    campaign_out.mkdir(parents=True, exist_ok=True)
    write_atomic(target, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
    return target


@dataclass(frozen=True)
class Shard:
    path: Path
    index: int
    count: int
    header: dict[str, Any]
    report: BuildReport


def find_shards(campaign_out: Path) -> list[Shard]:
    """Every shard report in the folder, read and checked for shape."""
    shards = []
    for path in sorted(campaign_out.glob("build-report.shard-*-of-*.json")):
        named = _SHARD_FILE.match(path.name)
        if not named:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ShardError(f"{path}: cannot read this shard's report ({exc}); build the "
                             f"shard again") from None
        header = data.get("shard") if isinstance(data, dict) else None
        if not isinstance(header, dict) or not isinstance(header.get("request"), dict):
            raise ShardError(f"{path}: not a shard's report (no shard header); build the "
                             "shard again")
        index, count = int(named[1]), int(named[2])
        if (header.get("index"), header.get("count")) != (index, count):
            raise ShardError(f"{path}: its name says shard {index}/{count} but it holds "
                             f"shard {header.get('index')}/{header.get('count')}; build "
                             "the shard again")
        try:
            report = parse_report(data, str(path))
        except ValueError as exc:
            raise ShardError(str(exc)) from None
        shards.append(Shard(path, index, count, header, report))
    return shards


def check_shards(campaign_out: Path, shards: list[Shard]) -> None:
    """Every shard of one build exactly once, or ShardError saying what to do."""
    if not shards:
        raise ShardError(f"{campaign_out}: no shard reports (build-report.shard-I-of-N.json)"
                         "; build the shards with `posters build --shard I/N` into this "
                         "folder (or copy their out/<campaign> folders into it) first")
    counts = sorted({s.count for s in shards})
    if len(counts) > 1:
        raise ShardError(f"{campaign_out}: shards of builds split {' and '.join(map(str, counts))}"
                         " ways are mixed here ("
                         + ", ".join(s.path.name for s in shards)
                         + "); delete the reports of the split you do not want, or build "
                         "every shard of one split again")
    count = counts[0]
    first = shards[0].header
    for shard in shards[1:]:
        for key, what in (("campaign", "another campaign"),
                          ("tool", "another version of posters"),
                          ("fonts", "other font files"),
                          ("request", "other options (--lang, --format, --size, --variant, "
                                      "--region, --draft, --strict, --checks, --gallery)"),
                          ("plan", "other inputs (campaign, catalogs, layouts or assets)")):
            if shard.header.get(key) != first.get(key):
                raise ShardError(f"{shard.path}: shard {shard.index}/{count} was built from "
                                 f"{what} than shard {shards[0].index}/{count}; build every "
                                 "shard again from the same checkout and command")
    present = {s.index for s in shards}
    missing = [i for i in range(1, count + 1) if i not in present]
    if missing:
        raise ShardError(f"{campaign_out}: shard(s) {', '.join(f'{i}/{count}' for i in missing)}"
                         f" missing; build them (`posters build --shard {missing[0]}/{count}` "
                         "with the same options) or copy their output folder here, then merge")
    seen: dict[str, int] = {}
    for shard in shards:
        for entry in shard.report.outputs:
            if entry.path in seen:
                raise ShardError(f"{campaign_out}: {entry.path} is in shard {seen[entry.path]}"
                                 f"/{count} and in shard {shard.index}/{count}; build the "
                                 "shards again with the same version of posters")
            seen[entry.path] = shard.index


def rekeyed(entries: dict[str, str], campaign_out: Path) -> dict[str, str]:
    """A shard manifest's keys (paths as the shard's machine named them) as this folder
    names them: out/<campaign>/<lang>/<file>."""
    return {str(campaign_out.joinpath(*Path(key).parts[-2:])): value
            for key, value in entries.items()}


@dataclass(frozen=True)
class MergeResult:
    campaign: Campaign
    entries: tuple[OutputEntry, ...]
    shards: int
    removed: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def failed(self) -> int:
        return sum(1 for e in self.entries if e.status == "failed")


def merge(campaign_out: Path, campaign_dir: Path | None = None, jobs: int = 1) -> MergeResult:
    """Join the shards of a build in ``campaign_out`` into what one unsharded build
    leaves there. Raise ShardError when they are not every shard of one build."""
    from posters.build.fingerprint import Manifest, _read_mapping
    from posters.build.outputs import remove_outputs_no_longer_made
    from posters.build.pipeline import _write_gallery, _write_web_edition
    from posters.build.pool import groups_of
    from posters.build.report import merged, previous_entries, write_report
    from posters.build.request import BuildRequest, plan
    from posters.build.task import LanguageTask
    from posters.i18n.lookups import catalog_lookups

    shards = find_shards(campaign_out)
    check_shards(campaign_out, shards)
    header = shards[0].header
    folder = campaign_dir or Path(str(header.get("campaign_dir", "")))
    asked = header["request"]
    request = BuildRequest(folder, out_dir=campaign_out.parent, jobs=jobs,
                           **{name: tuple(asked[name]) if isinstance(asked[name], list)
                              else asked[name] for name in REQUEST_FIELDS})
    if not (folder / "campaign.yaml").is_file():
        raise ShardError(f"{folder}: no campaign.yaml; give the campaign folder the shards "
                         "were built from with --campaign")
    campaign, outputs, _ = plan(request)  # its warnings: the shards reported them
    if campaign.name != campaign_out.name:
        raise ShardError(f"{campaign_out}: the campaign {folder} builds into a folder named "
                         f"{campaign.name}; merge out/{campaign.name}")
    task = LanguageTask(request, campaign, None, catalog_lookups)
    now = identity(request, campaign, outputs, task)
    for key, what in (("campaign", f"another campaign than {folder}"),
                      ("tool", "another version of posters than this one"),
                      ("fonts", "other font files than this machine's font cache (set up "
                                "the merging machine as the shards' were)"),
                      ("plan", f"other inputs than {folder} has now (campaign, catalogs, "
                               "layouts or assets changed since)")):
        if now[key] != header.get(key):
            raise ShardError(f"{campaign_out}: the shards were built from {what}; build the "
                             "shards again from the same checkout, or merge with that one")
    # the manifest: what each shard built, as this folder names it
    manifest = Manifest.load(campaign_out)
    for shard in shards:
        _, manifest_name, digests_name = shard_names(shard.index, shard.count)
        manifest.update(rekeyed(_read_mapping(campaign_out / manifest_name), campaign_out)
                        .items())
        manifest.digests.update(rekeyed(_read_mapping(campaign_out / digests_name),
                                        campaign_out))
    manifest.save()
    before = previous_entries(campaign_out)
    removed = remove_outputs_no_longer_made(request.out_dir, campaign, manifest, before)
    groups = groups_of(outputs)
    problems = []
    if "screen" in request.variants:
        problems += _write_web_edition(request, campaign, catalog_lookups,
                                       [lang for lang, _ in groups])
    entries = merged(before.values(), [e for s in shards for e in s.report.outputs], removed)
    write_report(campaign_out, BuildReport(campaign.meta.id, campaign.meta.title.source,
                                           entries))
    if request.gallery:
        problems += _write_gallery(request, campaign)
    for shard in shards:
        for name in shard_names(shard.index, shard.count):
            (campaign_out / name).unlink(missing_ok=True)
    return MergeResult(campaign, entries, len(shards), tuple(removed), tuple(problems))

