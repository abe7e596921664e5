"""A draft as a Word document (python-docx): a heading per section, a paragraph per sentence with its sources in
grey after it, and every gap (【待补充】) highlighted in yellow so the secretary sees what is left to write."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _

from dangjian.drafts.builder import GAP, Draft

CJK_FONT = "Microsoft YaHei"


def render(draft: Draft, *, site: str = "") -> bytes:
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    document = Document()
    for name in ("Normal", "Title", "Heading 1"):
        fonts = document.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), CJK_FONT)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    document.add_heading(draft.title, level=0)
    note = document.add_paragraph(
        _(
            "Drafted from the system's records; every statement names its records. %(gap)s marks what the records do "
            "not say: write it in, do not guess."
        )
        % {"gap": GAP}
    )
    note.runs[0].italic = True
    for number, section in enumerate(draft.sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=1)
        for sentence in section.sentences:
            paragraph = document.add_paragraph()
            text = sentence.text
            # highlight each gap marker (and the words of the gap sentence)
            for index, piece in enumerate(text.split(GAP)):
                if index:
                    marked = paragraph.add_run(GAP)
                    marked.font.highlight_color = WD_COLOR_INDEX.YELLOW
                    marked.bold = True
                if piece:
                    run = paragraph.add_run(piece)
                    if sentence.gap and index:
                        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            if sentence.sources:
                sources = paragraph.add_run(
                    "（" + _("sources") + "：" + "；".join(f"{s.label} {site}{s.url}" for s in sentence.sources) + "）"
                )
                sources.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
