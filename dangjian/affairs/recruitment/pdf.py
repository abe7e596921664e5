"""The standard documents of a file as A4 PDFs, from its records: a summary in the layout of the 入党志愿书 (the
person, the dates of each stage, introducers, the assembly's vote, the approval), the 公示 notice of a candidate
before the pre-review, and the higher committee's approval letter (审批通知)."""

from __future__ import annotations

from django.utils import timezone

from dangjian.affairs.recruitment import rules, services, steps
from dangjian.affairs.recruitment.models import Dossier
from dangjian.core.pdf import render_pdf

DOCUMENTS = ("summary", "notice", "approval")
CSS = """
h1 { text-align: center; font-size: 18pt; letter-spacing: 2pt; margin: 0 0 6mm; }
table.record { width: 100%; border-collapse: collapse; }
table.record th, table.record td { border: 0.6pt solid #333; padding: 2mm 2.5mm; vertical-align: top; }
table.record th { width: 30mm; background: #f2f2f2; font-weight: normal; text-align: center; }
p.body { text-indent: 2em; line-height: 1.9; font-size: 12pt; }
.sign { margin-top: 16mm; text-align: right; line-height: 2; }
"""


def document(dossier: Dossier, doc: str) -> bytes:
    records = list(dossier.records.all())
    first = {}
    for record in records:
        if record.local_step_id is None:
            first.setdefault(record.step, record)
    vote = first.get("admission_vote")
    context = {
        "dossier": dossier,
        "person": dossier.person,
        "records": records,
        "first": first,
        "names": {s.code: s.name for s in steps.NATIONAL},
        "vote": vote,
        "probation_end": rules.probation_end(vote.done_on, dossier.extension_months) if vote else None,
        "committee": services.committee_above(dossier.org),
        "today": timezone.localdate(),
        "notice_days": 5,
    }
    return render_pdf(f"recruitment/pdf_{doc}.html", context, stylesheets=(CSS,))
