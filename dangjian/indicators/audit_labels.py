"""How the audit page names what the indicators app writes beside its models' fields (core/audit_display.py): a batch
of values names its indicators, an export what it took."""

from django.utils.translation import gettext_lazy as _

KEYS = {
    "indicators.indicatorvalue": {"indicators": (_("indicators"), None)},
    "indicators.indicator": {
        "export": (_("export"), {"series": _("series"), "unit_month_table": _("unit × month table")}),
    },
}
