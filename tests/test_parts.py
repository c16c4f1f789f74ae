"""A build's tasks: each (language, format) group whole, or in parts when one group is
larger than a worker's share (a personalised batch: a thousand regions in one group), so
that every worker has work; the files are the same whichever way they were dealt."""

from __future__ import annotations

from pathlib import Path

from posters.build import BuildRequest, build, plan
from posters.build import pool as pool_module
from posters.build.outputs import Output
from posters.build.pool import MIN_PART, groups_of, parts_of
from tests.conftest import SAMPLE


def _outputs(lang: str, count: int) -> list[Output]:
    return [Output(Path(f"out/{lang}/flyer-{i:04d}.pdf"), lang, "flyer", "iso-a5", "print",
                   f"r{i}") for i in range(count)]


def test_a_group_larger_than_a_workers_share_is_split_in_order():
    groups = groups_of(_outputs("en", 1164) + _outputs("ja", 1164))
    assert list(parts_of(groups, 1)) == [("en", "flyer", 0), ("ja", "flyer", 0)]
    parts = parts_of(groups, 32)
    size = max(MIN_PART, -(-2328 // (32 * pool_module.PARTS_PER_WORKER)))
    assert max(len(p) for p in parts.values()) == size
    assert len(parts) == 2 * -(-1164 // size)
    for lang in ("en", "ja"):  # consecutive parts that together are the group, in order
        joined = [o for key, p in parts.items() if key[0] == lang for o in p]
        assert joined == groups[(lang, "flyer")]
    assert parts_of(groups, 32) == parts


def test_small_groups_stay_whole():
    groups = groups_of(_outputs("en", MIN_PART) + _outputs("th", 3))
    assert {key: len(p) for key, p in parts_of(groups, 32).items()} == {
        ("en", "flyer", 0): MIN_PART, ("th", "flyer", 0): 3}


def _pdfs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*.pdf"))}


def test_outputs_built_in_parts_by_two_workers_are_those_of_one_process(tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(pool_module, "MIN_PART", 1)
    options = dict(languages=("en",), formats=("poster",), sizes=("jis-b2",),
                   regions=("generic", "tokyo", "osaka", "sapporo"), gallery=False)
    one = build(BuildRequest(SAMPLE, out_dir=tmp_path / "one", jobs=1, **options))
    seen: list[tuple[int, int]] = []
    two = build(BuildRequest(SAMPLE, out_dir=tmp_path / "two", jobs=2, **options),
                progress=lambda result, done, total: seen.append((done, total)))
    assert not one.failed and not two.failed
    _, outputs, _ = plan(BuildRequest(SAMPLE, **options))
    assert len(parts_of(groups_of(outputs), 2)) == 4  # one output a part
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert [r.output.path.name for r in two.results] == \
        [r.output.path.name for r in one.results]
    first, second = _pdfs(tmp_path / "one"), _pdfs(tmp_path / "two")
    assert len(first) == 4 and first == second
    report = "tip-2023/build-report.json"
    assert (tmp_path / "one" / report).read_bytes() == (tmp_path / "two" / report).read_bytes()


def test_a_task_keeps_only_the_pages_it_is_writing(tmp_path, monkeypatch, engine):
    """A task of many regions lays each region out once for all its variants and lets
    its pages go before the next region's (a batch's memory stays flat as rows grow)."""
    import gc
    import weakref

    import posters.layout.compose as compose
    from posters.build import task as task_module

    laid_out: list[tuple[str | None, weakref.ref]] = []
    real_compose = compose.compose_document

    def recording(localized, description, size, engine, region=None):  # type: ignore[no-untyped-def]
        pages = real_compose(localized, description, size, engine, region)
        laid_out.append((region, weakref.ref(pages[0])))
        return pages

    alive_while_writing: list[list[str | None]] = []
    real_write = task_module.LanguageTask._write

    def writing(self, output, document, *args):  # type: ignore[no-untyped-def]
        gc.collect()
        alive_while_writing.append([region for region, ref in laid_out if ref() is not None])
        return real_write(self, output, document, *args)

    monkeypatch.setattr(compose, "compose_document", recording)
    monkeypatch.setattr(task_module.LanguageTask, "_write", writing)
    regions = ("generic", "tokyo", "osaka")
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path / "out", languages=("en",),
                                formats=("poster",), sizes=("jis-b2",), regions=regions,
                                variants=("print", "screen"), gallery=False, jobs=1),
                   engine)
    assert [r.status for r in result.results] == ["built"] * 6
    assert [region for region, _ in laid_out] == [None, "tokyo", "osaka"]  # once each
    # each region's two variants are written while only its own pages are alive
    assert alive_while_writing == [[None], [None], ["tokyo"], ["tokyo"], ["osaka"],
                                   ["osaka"]]


def test_tasks_start_longest_first_then_a_language_at_a_time():
    """A process sets one language's texts at a time (its caches need hold one language,
    not every one): after the longest tasks first, a language's formats come together."""
    from posters.build.pool import task_order

    plan_order = [("en", "card", 0), ("ar", "card", 0), ("ja", "card", 0),
                  ("en", "flyer", 0), ("ar", "flyer", 0), ("ja", "flyer", 0),
                  ("en", "poster", 0), ("en", "poster", 1), ("all", "multilingual", 0)]
    tasks = {key: [] for key in plan_order}
    assert task_order(tasks) == [
        ("all", "multilingual", 0),  # every language: the longest single task
        ("ar", "card", 0), ("ar", "flyer", 0),  # right to left: three times as long
        ("en", "card", 0), ("en", "flyer", 0), ("en", "poster", 0), ("en", "poster", 1),
        ("ja", "card", 0), ("ja", "flyer", 0)]


def test_a_changed_catalogs_groups_are_split_between_the_workers(tmp_path):
    """After one catalog changed, the parts are sized from the groups to build, not from
    every group of the plan: the changed language's groups are shared by the workers
    (whole, one worker would build them while the other idles), and the files are those
    of one process."""
    import shutil

    campaign = tmp_path / "tip-2023"
    shutil.copytree(SAMPLE, campaign)
    options = dict(languages=("en", "th"), formats=("poster",), sizes=("jis-b2",),
                   regions=("generic", "tokyo", "osaka", "sapporo", "nagoya", "fukuoka"),
                   gallery=False)
    two = BuildRequest(campaign, out_dir=tmp_path / "two", jobs=2, **options)
    assert not build(two).failed
    with (campaign / "locale" / "th" / "LC_MESSAGES" / "messages.po").open("a") as po:
        po.write("\n# a changed catalog\n")
    seen: list[tuple[str, tuple[str, ...], int]] = []
    again = build(two, progress=lambda result, done, total: seen.append(
        (result.lang, tuple(r.status for r in result.results), total)))
    assert not again.failed
    _, outputs, _ = plan(two)
    thai = {key: group for key, group in groups_of(outputs).items() if key[0] == "th"}
    parts = parts_of(thai, 2)
    assert len(parts) > 1  # the one group to build, shared
    assert sorted(seen) == sorted(
        [("en", ("unchanged",) * 6, 1 + len(parts))]  # up to date: one task, not started
        + [("th", ("built",) * len(part), 1 + len(parts)) for part in parts.values()])
    one = build(BuildRequest(campaign, out_dir=tmp_path / "one", jobs=1, **options))
    assert [r.output.path.name for r in again.results] == \
        [r.output.path.name for r in one.results]
    assert _pdfs(tmp_path / "two") == _pdfs(tmp_path / "one")


def test_a_free_worker_goes_on_with_its_group_then_starts_one_nobody_builds():
    """A worker keeps to the group it was building (its language set, its fonts read, its
    pages shared between regions), then starts a group no other worker builds, and only
    when every group is under way takes parts of another's, from the end."""
    from posters.build.pool import next_task

    waiting = [("ar", "flyer", 1), ("ar", "flyer", 2), ("ar", "poster", 0),
               ("ar", "poster", 1), ("ar", "poster", 2), ("ar", "trifold", 0)]
    assert next_task(waiting, ("ar", "poster"), [("ar", "flyer")]) == 2
    assert next_task(waiting, ("ar", "card"), [("ar", "flyer")]) == 2  # ar card is done
    assert next_task(waiting, None, [("ar", "poster")]) == 0
    assert next_task(waiting, None, []) == 0
    assert next_task(waiting[:2], ("ar", "poster"), [("ar", "flyer")]) == 1  # from the end
    # every group under way: the last part of the one with the most parts waiting
    assert next_task(waiting, None, [("ar", "flyer"), ("ar", "poster"),
                                     ("ar", "trifold")]) == 4


def test_the_workers_are_let_go_once_the_last_result_is_in(tmp_path, monkeypatch):
    """The pool is shut down without waiting for its processes as soon as every task's
    result is in: they exit while the build records the last result and writes its
    report, rather than before."""
    from concurrent.futures import ProcessPoolExecutor

    happened: list[str] = []
    real = ProcessPoolExecutor.shutdown

    def shutdown(self, wait=True, **kwargs):  # type: ignore[no-untyped-def]
        happened.append(f"shutdown wait={wait}")
        return real(self, wait=wait, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", shutdown)
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path / "out", languages=("en", "th"),
                                formats=("poster",), sizes=("jis-b2",), regions=("generic",),
                                gallery=False, jobs=2),
                   progress=lambda result, done, total: happened.append(f"result {done}"))
    assert not result.failed
    assert happened[:3] == ["result 1", "shutdown wait=False", "result 2"]


def test_a_cold_builds_groups_are_split_so_that_its_last_tasks_are_small():
    """The sample's whole build with two workers: every group of nine outputs in two parts,
    so that neither worker is left with a whole group at the end while the other idles."""
    _, outputs, _ = plan(BuildRequest(SAMPLE))
    groups = groups_of(outputs)
    parts = parts_of(groups, 2)
    assert {len(group) for group in groups.values()} == {1, 9}
    assert sorted({len(part) for part in parts.values()}) == [1, 4, 5]
    assert parts_of(groups, 1) == {(*key, 0): group for key, group in groups.items()}
