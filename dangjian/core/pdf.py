"""HTML → PDF with a CJK font, for the annual compilation and any other printable page (a certificate, a report).

    from dangjian.core.pdf import render_pdf
    data = render_pdf("acceptance/certificate.html", {"project": project})   # bytes of a PDF

WeasyPrint lays the page out with Pango, which finds fonts through fontconfig, so the CJK font is the locally
installed Debian package fonts-wqy-microhei, named by family ("WenQuanYi Micro Hei"); nothing is fetched from the
internet. Only `data:` URLs and files under the static folders can be loaded by a document (a logo from static/,
pictures embedded as data URLs); any other URL is refused and left out of the page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string

CJK_FONT = "WenQuanYi Micro Hei"
# Page set-up and the font every document gets; a document's own <style> adds to it.
BASE_CSS = f"""
@page {{
  size: A4;
  margin: 22mm 18mm 20mm;
  @bottom-center {{ content: counter(page); font-family: "{CJK_FONT}"; font-size: 9pt; color: #666; }}
}}
html {{ font-family: "{CJK_FONT}", sans-serif; font-size: 10.5pt; line-height: 1.55; color: #111; }}
"""


@lru_cache(maxsize=1)
def static_roots() -> tuple[Path, ...]:
    """Folders a document may load files from: every static folder Django's finders know, and STATIC_ROOT."""
    from django.contrib.staticfiles.finders import get_finders

    roots = {Path(settings.STATIC_ROOT).resolve()}
    for finder in get_finders():
        for storage in getattr(finder, "storages", {}).values():
            if getattr(storage, "location", None):
                roots.add(Path(storage.location).resolve())
    return tuple(roots)


def static_file_url(relative: str) -> str:
    """A `file://` URL for a static asset (e.g. "img/seal.png"), to reference from a printable template."""
    from django.contrib.staticfiles.finders import find

    found = find(relative)
    if not found:
        raise FileNotFoundError(relative)
    return Path(found).resolve().as_uri()


def _fetcher():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """data: URLs, and file: URLs under the static folders; nothing else (no network, no other files)."""

        def __init__(self):
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)

        def fetch(self, url, headers=None):
            if url[:5].lower() == "file:":
                path = Path(url2pathname(urlparse(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in static_roots()):
                    raise ValueError(f"Only static files can be loaded: {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher()


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """The PDF of an HTML document, laid out with BASE_CSS (A4, page numbers, the CJK font) and `stylesheets`."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = _fetcher()
    sheets = [CSS(string=css, font_config=fonts, url_fetcher=fetcher) for css in (BASE_CSS, *stylesheets)]
    document = HTML(string=html, url_fetcher=fetcher, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=sheets, font_config=fonts)


def render_pdf(template_name: str, context: dict, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """Render a Django template and lay it out as a PDF (see html_to_pdf)."""
    return html_to_pdf(render_to_string(template_name, context), stylesheets=stylesheets)
