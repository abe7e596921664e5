"""The introduction letter (中国共产党党员组织关系介绍信) as an A4 PDF: the stub kept by the sending branch (存根),
the letter itself with its tracking number and the day by which the member reports in, and the return slip (回执)
the receiving org sends back — the usual three-part form, filled from the transfer."""

from __future__ import annotations

from dangjian.affairs.transfers.models import Transfer
from dangjian.core.pdf import render_pdf

LETTER_CSS = """
h1 { text-align: center; font-size: 16pt; letter-spacing: 1pt; margin: 0 0 2mm; }
.no { text-align: right; margin: 0 0 3mm; }
.part { border: 0.6pt solid #333; padding: 4mm 6mm; margin-bottom: 4mm; page-break-inside: avoid; }
.part p { margin: 1.5mm 0; }
.cut { border-top: 0.8pt dashed #666; margin: 4mm 0; text-align: center; font-size: 8pt; color: #666; }
.sign { text-align: right; margin-top: 6mm; }
u { text-decoration: none; border-bottom: 0.6pt solid #333; padding: 0 2mm; }
"""


def letter_pdf(transfer: Transfer) -> bytes:
    """The PDF of one transfer's letter (the transfer from the selector, with its orgs and person)."""
    person = transfer.person
    context = {
        "t": transfer,
        "person": person,
        "status": person.get_party_status_display() if person else "",
        "to": transfer.receiving_side,
        "company": transfer.company,
    }
    return render_pdf("transfers/letter_pdf.html", context, stylesheets=(LETTER_CSS,))
