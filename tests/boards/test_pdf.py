"""The reusable PDF helper: Chinese laid out in the local CJK font, and no document can load anything but data: URLs
and static files (no network, no other files on the server)."""

import io

import pytest
from pypdf import PdfReader

from dangjian.core.pdf import _fetcher, html_to_pdf, render_pdf, static_file_url


def fonts_of(data: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(data)).pages[0]
    fonts = page["/Resources"]["/Font"]
    return {str(fonts[name].get_object()["/BaseFont"]) for name in fonts}


def text_of(data: bytes) -> str:
    return "".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def test_chinese_is_laid_out_in_the_cjk_font():
    data = html_to_pdf("<h1>党建+X 项目汇编</h1><p>电解三车间党支部：提高电流效率</p>")
    assert data.startswith(b"%PDF-")
    assert "党建+X项目汇编" in text_of(data) and "电解三车间党支部：提高电流效率" in text_of(data)
    assert any("WenQuanYi" in font for font in fonts_of(data))


def test_render_pdf_renders_a_template(settings, tmp_path):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
    ]
    (tmp_path / "certificate.html").write_text("<p>{{ name }} 获评优秀项目</p>", encoding="utf-8")
    assert "党建+提高电流效率获评优秀项目" in text_of(render_pdf("certificate.html", {"name": "党建+提高电流效率"}))


@pytest.mark.parametrize(
    "url",
    ["http://example.com/logo.png", "https://example.com/font.woff", "file:///etc/passwd", "ftp://example.com/x"],
)
def test_documents_cannot_reach_the_network_or_other_files(url):
    with pytest.raises(ValueError):
        _fetcher().fetch(url)


def test_documents_can_load_static_files_and_data_urls():
    response = _fetcher().fetch(static_file_url("css/site.css"))
    assert response is not None
    assert _fetcher().fetch("data:text/plain;base64,5YWa5bu6") is not None


def test_a_remote_image_is_left_out_without_failing():
    data = html_to_pdf('<p>封面</p><img src="http://192.0.2.1/seal.png">')
    assert "封面" in text_of(data)
