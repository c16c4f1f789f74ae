"""review.yaml: decisions bound to fingerprints, a plain file, hostile content refused."""

from __future__ import annotations

import datetime

import pytest
import yaml

from posters.serve.review import ReviewError, ReviewStore, state_of

DAY = datetime.date(2026, 12, 1)


def test_decisions_are_a_plain_sorted_yaml_file_bound_to_fingerprints(tmp_path):
    store = ReviewStore(tmp_path)
    store.record(["th/poster-iso-a3.pdf", "en/poster-iso-a3.pdf"],
                 {"en/poster-iso-a3.pdf": "f-en", "th/poster-iso-a3.pdf": "f-th"},
                 "approved", "  Aiko Tanaka ", "Hotline checked", today=DAY)
    text = (tmp_path / "review.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Sign-offs")
    assert yaml.safe_load(text) == {
        "en/poster-iso-a3.pdf": {"decision": "approved", "by": "Aiko Tanaka",
                                 "date": "2026-12-01", "comment": "Hotline checked",
                                 "fingerprint": "f-en"},
        "th/poster-iso-a3.pdf": {"decision": "approved", "by": "Aiko Tanaka",
                                 "date": "2026-12-01", "comment": "Hotline checked",
                                 "fingerprint": "f-th"}}
    assert text.index("en/poster") < text.index("th/poster")  # diffs stay small
    decisions = ReviewStore(tmp_path).load()
    assert state_of(decisions["en/poster-iso-a3.pdf"], "f-en").state == "approved"
    # the output changed: the approval is void, and says whose it was
    changed = state_of(decisions["en/poster-iso-a3.pdf"], "f-en-2")
    assert changed.state == "changed" and not changed.approved
    assert changed.decision is not None and changed.decision.by == "Aiko Tanaka"
    assert state_of(None, "f").state == "unreviewed"
    assert state_of(decisions["en/poster-iso-a3.pdf"], "").state == "changed"  # failed


def test_a_later_decision_replaces_the_earlier_and_keeps_the_others(tmp_path):
    store = ReviewStore(tmp_path)
    fingerprints = {"a.pdf": "1", "b.pdf": "2"}
    store.record(["a.pdf", "b.pdf"], fingerprints, "approved", "Aiko", today=DAY)
    store.record(["b.pdf"], fingerprints, "changes-requested", "Ben", "Wrong number")
    decisions = store.load()
    assert decisions["a.pdf"].decision == "approved"
    assert (decisions["b.pdf"].decision, decisions["b.pdf"].by) == ("changes-requested", "Ben")
    assert state_of(decisions["b.pdf"], "2").state == "changes-requested"


@pytest.mark.parametrize(("decision", "by", "comment", "message"), [
    ("maybe", "Aiko", "", "approved or changes-requested"),
    ("approved", "   ", "", "give your name"),
    ("approved", "x" * 101, "", "give your name"),
    ("approved", "Ai\nko", "", "give your name"),
    ("changes-requested", "Aiko", "  ", "say what to change"),
    ("approved", "Aiko", "c" * 4001, "longer than 4000"),
])
def test_unacceptable_decisions_are_refused(tmp_path, decision, by, comment, message):
    with pytest.raises(ReviewError, match=message):
        ReviewStore(tmp_path).record(["a.pdf"], {"a.pdf": "1"}, decision, by, comment)
    assert not (tmp_path / "review.yaml").exists()


def test_an_output_that_did_not_build_cannot_be_approved(tmp_path):
    with pytest.raises(ReviewError, match="not built"):
        ReviewStore(tmp_path).record(["a.pdf"], {"a.pdf": ""}, "approved", "Aiko")


@pytest.mark.parametrize(("text", "message"), [
    ("a.pdf: {decision: approved\n", r"review\.yaml:2: not valid YAML"),
    ("- a list\n", "expected a mapping"),
    ("a.pdf: {decision: approved, by: A, date: 2026-12-01}\n", "needs decision"),
    ("a.pdf: {decision: yes, by: A, date: 2026-12-01, fingerprint: f}\n", "needs decision"),
])
def test_a_damaged_file_is_reported_with_where_and_what_to_do(tmp_path, text, message):
    (tmp_path / "review.yaml").write_text(text)
    with pytest.raises(ReviewError, match=message):
        ReviewStore(tmp_path).load()


def test_hand_edited_dates_and_no_file(tmp_path):
    assert ReviewStore(tmp_path).load() == {}
    (tmp_path / "review.yaml").write_text(
        "a.pdf: {decision: approved, by: A, date: 2026-12-01, fingerprint: f}\n")
    assert ReviewStore(tmp_path).load()["a.pdf"].date == "2026-12-01"


def test_the_server_s_own_code_is_not_part_of_an_output_s_fingerprint(tmp_path, monkeypatch):
    """Editing the gallery, the server or the command line must neither rebuild outputs
    nor void their approvals; editing what draws a PDF must."""
    import shutil

    import posters.build.fingerprint as fingerprint

    package = tmp_path / "posters"
    shutil.copytree(fingerprint.PACKAGE_DIR, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE_DIR", package)

    def tool() -> str:
        fingerprint.tool_fingerprint.cache_clear()
        return fingerprint.tool_fingerprint()

    try:
        before = tool()
        for name in ("serve/session.py", "console.py", "files.py", "gallery/html.py",
                     "commands/serve.py", "cli.py"):
            (package / name).write_text((package / name).read_text() + "\n# edited\n")
        assert tool() == before
        (package / "render" / "pdf.py").write_text(
            (package / "render" / "pdf.py").read_text() + "\n# edited\n")
        assert tool() != before
    finally:
        fingerprint.tool_fingerprint.cache_clear()
