"""The award certificate (荣誉证书) as a PDF: A4 landscape, Chinese text in the CJK font, laid out by the boards app's
HTML → PDF helper."""

from __future__ import annotations

from dangjian.core.pdf import CJK_FONT, render_pdf
from dangjian.projects.acceptance.models import ProjectResult

# The helper's base sheet sets A4 portrait with page numbers; a certificate is one landscape page without them.
CERTIFICATE_CSS = f"""
@page {{ size: A4 landscape; margin: 14mm; @bottom-center {{ content: none; }} }}
html {{ font-family: "{CJK_FONT}", sans-serif; }}
"""


def certificate_pdf(result: ProjectResult) -> bytes:
    return render_pdf("acceptance/certificate.html", {"result": result}, stylesheets=(CERTIFICATE_CSS,))
