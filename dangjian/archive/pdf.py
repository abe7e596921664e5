"""The side labels (侧面标签) of the year's archive boxes as A4 sheets: four labels a page, each a tall strip with the
org, the year, the category written top to bottom, its retention period and the box number — one style for every
branch (seed 004: 统一档案盒样式、颜色，统一制作侧面标签). Laid out by core/pdf.py."""

from __future__ import annotations

from dangjian.core.pdf import render_pdf

LABEL_CSS = """
@page { size: A4; margin: 12mm 10mm; @bottom-center { content: none; } }
.sheet { page-break-after: always; }
.sheet:last-child { page-break-after: auto; }
.label { display: inline-block; vertical-align: top; width: 42mm; height: 262mm; margin: 0 2.5mm;
  box-sizing: border-box; border: 0.8pt solid #8e1515; text-align: center; position: relative; }
.label .head { background: #b71c1c; color: #fff; font-size: 10pt; padding: 3mm 1mm; line-height: 1.4; }
.label .org { font-size: 10pt; padding: 3mm 2mm; border-bottom: 0.6pt solid #8e1515; min-height: 20mm; }
.label .year { font-size: 18pt; font-weight: bold; padding: 3mm 0; border-bottom: 0.6pt solid #8e1515; }
.label .category { font-size: 26pt; font-weight: bold; line-height: 1.25; padding: 6mm 0; color: #8e1515; }
.label .foot { position: absolute; left: 0; right: 0; bottom: 0; border-top: 0.6pt solid #8e1515; font-size: 9.5pt;
  line-height: 1.7; padding: 2mm 1mm; }
"""
PER_SHEET = 4


def labels_pdf(*, org, year: int, rows: list[dict]) -> bytes:
    """The PDF of the labels (selectors.labels rows); an empty year gives one sheet saying so."""
    labels = [{**row, "letters": list(row["category"].name.replace(" ", ""))} for row in rows]
    sheets = [labels[n : n + PER_SHEET] for n in range(0, len(labels), PER_SHEET)]
    return render_pdf("archive/labels_pdf.html", {"org": org, "year": year, "sheets": sheets}, stylesheets=(LABEL_CSS,))
