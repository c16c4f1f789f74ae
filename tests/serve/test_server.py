"""The server and the warm session, without a browser: what is served and what is not,
who may record a review, server-sent events, and a failing rebuild."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request

import pytest
import yaml

from tests.gallery.page import parse
from tests.test_cli import broken_line


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def post(url: str, data: object, headers: dict | None = None) -> tuple[int, dict]:
    body = json.dumps(data).encode()
    request = urllib.request.Request(url + "review", data=body, method="POST", headers={
        "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_serves_the_live_page_the_pdfs_and_previews_and_nothing_else(served):
    status, headers, body = get(served.url)
    assert status == 200 and headers["Cache-Control"] == "no-store"
    doc = parse(body.decode())
    csp = doc.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "connect-src 'self'" in csp
    assert doc.find("dialog", id="review")
    assert len(doc.find_all("button", class_="review")) == 2
    assert "needs the server" not in body.decode()  # it has one
    for card in doc.find_all("li", class_="card"):
        pdf = card.find("a", class_="thumb").attrs["href"]
        thumb = card.find("img").attrs["src"]
        assert get(served.url + pdf)[2][:5] == b"%PDF-"
        status, headers, png = get(served.url + thumb)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and "immutable" in headers["Cache-Control"]
    assert get(served.url + "favicon.ico")[0] == 204  # browsers ask; no 404 in the console
    (served.campaign_out / "en" / "secret.pdf").write_bytes(b"%PDF-1.7 not in the report")
    for path in ("build-report.json", ".build-manifest.json", "en/secret.pdf",
                 "../campaign/campaign.yaml", "%2e%2e/campaign/campaign.yaml",
                 ".previews/index.json", "index.html/../build-report.json"):
        assert get(served.url + path)[0] == 404, path


def test_the_page_shows_each_language_s_texts_beside_the_source(served):
    doc = parse(get(served.url)[2].decode())
    thai = doc.find_all("section", class_="language")[1]
    table = thai.find("details", class_="texts")
    summary = table.find("summary").text()
    assert "texts translated" in summary
    rows = table.find_all("tr")[1:]
    headline = next(r for r in rows if r.find("code").text() == "content.headline")
    cells = headline.find_all("td")
    assert cells[0].text() == "Trafficking in Persons"
    assert cells[1].text() == "การค้ามนุษย์" and cells[1].attrs["lang"] == "th"
    english = doc.find_all("section", class_="language")[0]
    assert "Source language" in english.text()


def test_a_review_needs_the_page_s_own_origin_and_json(served):
    paths = ["en/poster-iso-a3.pdf"]
    decision = {"paths": paths, "decision": "approved", "by": "Aiko", "comment": ""}
    assert post(served.url, decision, {"Origin": "http://evil.example"})[0] == 403
    assert post(served.url, decision, {"Host": "evil.example"})[0] == 403
    request = urllib.request.Request(served.url + "review", data=json.dumps(decision).encode(),
                                     method="POST", headers={"Content-Type": "text/plain"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 415
    assert not (served.campaign / "review.yaml").exists()
    status, answer = post(served.url, {**decision, "paths": ["en/other.pdf"]})
    assert status == 422 and "not an output" in answer["error"]
    status, answer = post(served.url, {**decision, "by": ""})
    assert status == 422 and "name" in answer["error"]
    assert post(served.url, {"paths": "en/poster-iso-a3.pdf"})[0] == 400

    version = served.session.version
    status, answer = post(served.url, decision, {"Origin": served.url.rstrip("/")})
    assert status == 200 and answer["version"] == version + 1
    report = json.loads((served.campaign_out / "build-report.json").read_text())
    fingerprint = next(o["fingerprint"] for o in report["outputs"] if o["lang"] == "en")
    saved = yaml.safe_load((served.campaign / "review.yaml").read_text())
    assert saved["en/poster-iso-a3.pdf"]["fingerprint"] == fingerprint
    card = next(c for c in parse(get(served.url)[2].decode()).find_all("li", class_="card")
                if c.attrs["data-lang"] == "en")
    assert card.attrs["data-review"] == "approved"
    assert card.find("p", class_="review-state").text().startswith("Approved by Aiko on ")


def test_events_give_the_page_s_version(served):
    with urllib.request.urlopen(served.url + "events", timeout=30) as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        lines = [response.readline() for _ in range(2)]
    assert lines == [b"event: version\n", f"data: {served.session.version}\n".encode()]


def test_a_failing_rebuild_says_where_and_keeps_the_last_good_previews(served):
    session = served.session
    before = parse(session.page)
    thumbs = sorted(img.attrs["src"] for img in before.find_all("img"))
    source = served.campaign / "campaign.yaml"
    text = source.read_text()
    source.write_text(text.replace("value: 0.30", "value: ten"))
    outcome = session.rebuild()
    assert outcome.problems and outcome.problems[0].startswith(
        f"campaign.yaml:{broken_line()}:16: error: content.statistics.items[0].value")
    page = parse(session.page)
    problems = page.find("section", class_="problems")
    assert f"campaign.yaml:{broken_line()}:16: error:" in problems.text()
    assert str(served.campaign) not in session.page  # no absolute path
    assert sorted(img.attrs["src"] for img in page.find_all("img")) == thumbs

    # A catalog error fails Thai alone: its card keeps its last good preview, marked so.
    source.write_text(text)
    catalog = served.campaign / "locale" / "th" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text().replace('msgid "Trafficking in Persons"',
                                                   'msgid "Trafficking in Persons', 1))
    outcome = session.rebuild()
    assert outcome.failed == 1
    assert any(p.startswith("locale/th/LC_MESSAGES/messages.po:") for p in outcome.problems)
    page = parse(session.page)
    thai = next(c for c in page.find_all("li", class_="card") if c.attrs["data-lang"] == "th")
    assert thai.attrs["data-status"] == "failed"
    assert thai.find("img").attrs["src"] in thumbs
    assert "Last good preview" in thai.find("p", class_="stale").text()
    status = page.find_all("section", class_="language")[1].find("p", class_="translation")
    assert status.text().startswith("The catalog cannot be used: "
                                    "locale/th/LC_MESSAGES/messages.po:")
    assert "review" not in [b.attrs.get("class") for b in thai.find_all("button")]


def test_the_static_gallery_says_approval_needs_the_server(served):
    text = (served.campaign_out / "index.html").read_text()
    assert "needs the server: run <code>posters serve</code>" in text
    assert "<dialog" not in text and "EventSource" not in text


def test_a_copy_without_a_build_shows_why(tmp_path, engine):
    from posters.build import BuildRequest
    from posters.serve.session import Session
    from tests.conftest import SAMPLE

    campaign = tmp_path / "c"
    shutil.copytree(SAMPLE, campaign)
    (campaign / "campaign.yaml").write_text("campaign: [\n")
    session = Session(BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                                   formats=("poster",), regions=("generic",)))
    outcome = session.rebuild()
    assert outcome.problems[0].startswith("campaign.yaml:")
    assert "campaign.yaml:" in parse(session.page).find("section", class_="problems").text()


def test_the_page_shows_the_served_selection_only(served):
    from dataclasses import replace

    from posters.serve.session import Session

    narrower = Session(replace(served.session.request, languages=("en",)))
    outcome = narrower.rebuild()
    assert outcome.built == 0 and not outcome.problems  # en is up to date
    langs = {c.attrs["data-lang"] for c in parse(narrower.page).find_all("li", class_="card")}
    assert langs == {"en"}
    static = parse((served.campaign_out / "index.html").read_text())
    assert {c.attrs["data-lang"] for c in static.find_all("li", class_="card")} == {"en", "th"}


def test_a_full_size_page_is_rendered_when_opened_and_once(served, monkeypatch):
    import re

    from PIL import Image

    from posters.gallery import previews

    folder = served.campaign_out / ".previews"
    assert not list(folder.glob("*-p*.png"))  # the rebuild made thumbnails only
    calls = []
    original = previews.render_page

    def counting(*args):  # type: ignore[no-untyped-def]
        calls.append(args[2])
        return original(*args)

    monkeypatch.setattr(previews, "render_page", counting)
    doc = parse(get(served.url)[2].decode())
    links = [a.attrs["href"] for a in doc.find_all("a") if a.text() == "Full-size preview"]
    assert len(links) == 2 and all(re.fullmatch(r"\.previews/[0-9a-f]{24}-p1\.png", link)
                                   for link in links)
    for _ in range(2):
        status, headers, body = get(served.url + links[0])
        assert status == 200 and body[:8] == b"\x89PNG\r\n\x1a\n"
        assert "immutable" in headers["Cache-Control"]
    assert calls == [1]
    image = folder / links[0].rsplit("/", 1)[-1]
    assert Image.open(image).width == previews.FULL_WIDTH
    # no page 2 of a one-page poster, nothing of a content not on show
    assert get(served.url + links[1].replace("-p1.png", "-p2.png"))[0] == 404
    assert get(served.url + f".previews/{'0' * 24}-p1.png")[0] == 404
    assert calls == [1]


def test_the_first_build_renders_previews_as_it_writes_the_pdfs(tmp_path, engine,
                                                                monkeypatch):
    """As `posters build` does, in its workers: the thumbnails and a regional variant's
    area are made as each PDF is written (in parallel with -j N), not afterwards one by
    one in the server's process."""
    from posters.build import BuildRequest
    from posters.gallery import regions
    from posters.gallery.previews import PREVIEWS, area_against, file_digest
    from posters.serve.session import Session
    from tests.conftest import SAMPLE

    compared = []
    monkeypatch.setattr(regions, "_compare", lambda *paths: compared.append(paths))
    campaign = tmp_path / "campaign"
    shutil.copytree(SAMPLE, campaign)
    session = Session(BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en",),
                                   formats=("poster",), sizes=("iso-a3",),
                                   regions=("generic", "tokyo"), jobs=1))
    outcome = session.rebuild()
    assert outcome.built == 2 and not outcome.problems, outcome
    out = tmp_path / "out" / "campaign"
    generic = file_digest(out / "en" / "poster-iso-a3.pdf")
    tokyo = file_digest(out / "en" / "poster-iso-a3-tokyo.pdf")
    (area,) = (out / PREVIEWS).glob(f"{tokyo}-a*.png")
    assert area_against(area) == generic
    assert compared == []  # found by the worker, with the pages in hand; not afterwards
    assert (out / "index.html").read_text().count('class="area"') == 1
