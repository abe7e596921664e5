"""The printable meeting record (会议记录) as an A4 PDF, in the CJK font, laid out by the boards app's HTML → PDF
helper: a header table (org, type, date, place, host, recorder, attendance counts, who was away and why), the topic
and agenda, the minutes (already sanitised HTML), the resolutions with owners and due dates, and signature lines."""

from __future__ import annotations

from dangjian.core.pdf import render_pdf
from dangjian.meetings.models import Attendance, Meeting

RECORD_CSS = """
h1 { text-align: center; font-size: 18pt; letter-spacing: 2pt; margin: 0 0 4mm; }
table.record { width: 100%; border-collapse: collapse; }
table.record th, table.record td { border: 0.6pt solid #333; padding: 2mm 2.5mm; vertical-align: top; }
table.record th { width: 22mm; background: #f2f2f2; font-weight: normal; text-align: center; }
.minutes { min-height: 80mm; }
.sign { margin-top: 8mm; display: flex; justify-content: space-between; }
"""


def meeting_pdf(meeting: Meeting) -> bytes:
    """The PDF of one meeting (its attendance, actions and attachments prefetched by the selector)."""
    rows = list(meeting.attendance.all())
    away = [r for r in rows if r.status != Attendance.Status.PRESENT]
    context = {
        "meeting": meeting,
        "expected": len(rows),
        "present": [r for r in rows if r.status == Attendance.Status.PRESENT],
        "away": away,
        "actions": list(meeting.follow_ups.all()),
    }
    return render_pdf("meetings/record_pdf.html", context, stylesheets=(RECORD_CSS,))
