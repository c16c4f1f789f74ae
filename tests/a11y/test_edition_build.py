"""The HTML edition is written by every build of the screen variant, beside it, and the
proof gallery links each language's page."""

from __future__ import annotations

from html.parser import HTMLParser

from posters.build import BuildRequest, build
from tests.conftest import SAMPLE


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "a":
            self.links.append(dict(attrs))
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")


def _parse(path):  # type: ignore[no-untyped-def]
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_screen_build_writes_the_web_edition_and_the_gallery_links_it(tmp_path, engine,
                                                                       sample_campaign):
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path, languages=("en", "ar", "th"),
                                formats=("poster",), variants=("screen",),
                                regions=("generic",)), engine)
    assert not result.failed
    web = tmp_path / sample_campaign.name / "web"
    for lang in ("en", "ar", "th"):
        page = _parse(web / lang / "index.html")
        assert page.html_lang == lang
        hrefs = [link.get("href") or "" for link in page.links]
        assert any(h.startswith("tel:") for h in hrefs)
        assert sample_campaign.content.web.url.rstrip("/") in {h.rstrip("/") for h in hrefs}
    index = _parse(web / "index.html")
    assert {(link["href"] or "").strip("/") for link in index.links} >= {"en", "ar", "th"}
    gallery = _parse(tmp_path / sample_campaign.name / "index.html")
    linked = {link["href"]: link.get("lang") for link in gallery.links
              if (link.get("href") or "").startswith("web/")}
    assert linked == {f"web/{lang}/index.html": lang for lang in ("en", "ar", "th")}
    for href in linked:
        assert (tmp_path / sample_campaign.name / href).is_file()


def test_print_only_build_writes_no_web_edition(tmp_path, engine, sample_campaign):
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path, languages=("en",),
                                formats=("poster",), variants=("print",),
                                regions=("generic",)), engine)
    assert not result.failed
    assert not (tmp_path / sample_campaign.name / "web").exists()
    gallery = (tmp_path / sample_campaign.name / "index.html").read_text(encoding="utf-8")
    assert 'href="web/' not in gallery
