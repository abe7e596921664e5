"""The annual compilation as a Word document (python-docx): cover, contents, summary by domain, a Heading 1 per org
and a Heading 2 per project, so Word's navigation pane and a generated table of contents follow the book."""

from __future__ import annotations

from io import BytesIO

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dangjian.projects.boards.book import Book, Entry
from dangjian.projects.boards.templatetags.board_tags import num, pct

# The East Asian font Word and WPS use for Chinese text (Latin text keeps the template's font).
CJK_FONT = "Microsoft YaHei"
STYLES_WITH_CJK = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption", "Table Grid")


def _cjk_font(document) -> None:
    from docx.oxml.ns import qn

    for name in STYLES_WITH_CJK:
        try:
            style = document.styles[name]
        except KeyError:
            continue
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), CJK_FONT)
        # A theme font would win over the named one.
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)


def _table(document, header: list[str], rows: list[list[str]], *, bold_last: bool = False):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    if bold_last and rows:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    return table


def _paragraphs(document, label: str, text: str) -> None:
    if not text.strip():
        return
    document.add_heading(label, level=3)
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())


def _date(value) -> str:
    return date_format(value, "Y-m-d") if value else ""


def _entry(document, entry: Entry) -> None:
    from docx.shared import Cm

    p = entry.project
    document.add_heading(p.title, level=2)
    facts = [
        (_("Code"), p.code),
        (_("Domain"), str(p.domain_label)),
        (_("State"), p.get_state_display()),
        (_("Period"), f"{_date(p.starts_on)} – {_date(p.ends_on)}"),
        (_("Responsible secretary"), p.secretary.name if p.secretary_id else "—"),
    ]
    _table(document, [_("Item"), _("Value")], [[k, v] for k, v in facts])
    _paragraphs(document, _("Problem taken on"), p.problem)
    _paragraphs(document, _("Why this project"), p.rationale)
    if entry.goals:
        document.add_heading(_("Goals"), level=3)
        header = [_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Benchmark"), _("Actual"), _("Attainment")]
        rows = [
            [
                g.goal.indicator_name,
                g.goal.unit_of_measure,
                num(g.attainment.baseline),
                num(g.attainment.target),
                num(g.goal.benchmark),
                num(g.attainment.actual),
                pct(g.attainment.percent),
            ]
            for g in entry.goals
        ]
        _table(document, header, rows)
    if entry.measures:
        document.add_heading(_("Measures"), level=3)
        # Numbered by hand: Word's list numbering would run on from one project's measures into the next.
        for n, measure in enumerate(entry.measures, start=1):
            owner = f"（{measure.owner.name}）" if measure.owner_id else ""
            document.add_paragraph(f"{n}. {measure.text}{owner}")
    if entry.sub_plans:
        document.add_heading(_("Sub-plans"), level=3)
        for sub in entry.sub_plans:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(sub.title).bold = True
            if sub.content.strip():
                paragraph.add_run(f"：{sub.content.strip()}")
    if entry.tasks:
        document.add_heading(_("Tasks"), level=3)
        rows = [
            [t.title, t.owner.name if t.owner_id else "", _date(t.due_on), _date(t.done_on) or _("open")]
            for t in entry.tasks
        ]
        _table(document, [_("Task"), _("Owner"), _("Due"), _("Done")], rows)
    if entry.rules:
        document.add_heading(_("Rules revised"), level=3)
        for rule in entry.rules:
            document.add_paragraph(f"{rule.title}（{rule.get_kind_display()}）", style="List Bullet")
    _paragraphs(document, _("Results"), p.results_summary)
    _paragraphs(document, _("Highlights"), p.highlights)
    if entry.pictures:
        document.add_heading(_("Pictures"), level=3)
        for picture in entry.pictures:
            document.add_picture(BytesIO(picture.data), width=Cm(12))
            document.add_paragraph(picture.caption, style="Caption")


def summary_rows(book: Book) -> list[list[str]]:
    """The seed-000 table as text rows (by domain, then the total)."""

    def cells(label, r):
        return [
            label,
            r.projects,
            r.measures,
            r.sub_plans,
            r.tasks,
            pct(r.task_completion),
            r.rules,
            pct(r.project_completion),
        ]

    return [cells(r.label, r) for r in book.by_domain] + [cells(_("Total"), book.total)]


def summary_header() -> list[str]:
    return [
        _("Domain"),
        _("Projects"),
        _("Measures"),
        _("Sub-plans"),
        _("Tasks"),
        _("Tasks done %"),
        _("Rules revised"),
        _("Accepted %"),
    ]


def book_title(book: Book) -> str:
    return _("%(year)s annual compilation of 党建+X projects") % {"year": book.year}


def write_docx(book: Book, *, on_progress=None) -> bytes:
    """The book as .docx bytes. `on_progress(done, total)` is told after each project."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    _cjk_font(document)
    title = book_title(book)
    document.core_properties.title = title
    document.core_properties.author = book.company

    # Cover
    for _n in range(6):
        document.add_paragraph()
    heading = document.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (book.company, book.org.name, date_format(book.made_at, "Y-m-d")):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_page_break()

    # Contents: the orgs and their projects (Word can also insert a paged table from the headings).
    document.add_heading(_("Contents"), level=1)
    document.add_paragraph(_("Summary by domain"))
    for section in book.sections:
        document.add_paragraph(section.org.name).runs[0].bold = True
        for entry in section.entries:
            document.add_paragraph(entry.project.title, style="List Bullet")
    document.add_page_break()

    document.add_heading(_("Summary by domain"), level=1)
    _table(document, summary_header(), summary_rows(book), bold_last=True)
    if not book.sections:
        document.add_paragraph(_("No projects in this year."))

    entries = book.entries
    done = 0
    for section in book.sections:
        document.add_page_break()
        document.add_heading(section.org.name, level=1)
        for n, entry in enumerate(section.entries):
            if n:
                document.add_page_break()  # each project starts a page, as in the printed book
            _entry(document, entry)
            done += 1
            if on_progress:
                on_progress(done, len(entries))
    out = BytesIO()
    document.save(out)
    return out.getvalue()
