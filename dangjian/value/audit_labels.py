"""How the audit page names what the value app writes beside its models' fields (core/audit_display.py): a confirmed
outlier's value per hour, a day lock's count, a price change's revalued records, an export's kind."""

from django.utils.translation import gettext_lazy as _

EXPORTS = {"daily_ranking": _("daily ranking"), "monthly_summary": _("monthly summary")}

KEYS = {
    "value.dailyrecord": {
        "value_per_hour": (_("value per hour"), None),
        "export": (_("export"), EXPORTS),
    },
    "value.daylock": {"locks": (_("days locked"), None)},
    "value.itemprice": {"records_revalued": (_("records revalued"), None)},
}
