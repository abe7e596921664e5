"""Writes of value accounting: each checks the "value" grant, validates, saves and audits in one transaction.

- records.py: records_write — daily records from the entry page, the push API and imports, all or nothing (a record
  sent again unchanged is left alone; a changed one keeps its earlier state as a RecordRevision; a record of a locked
  day is changed only as a correction with a reason, else Conflict, 409); record_confirm; day locks; export audit.
- catalogue.py: items and price_set — a new price version; records on and after its date (until the next version)
  are revalued.
- groups.py: peer groups, the items each accounts for, and the teams enrolled as accounting units.
- winners.py: the year's winning teams, named or computed by a stated rule.
- common.py: who keeps a company's catalogue (the party office over a whole company) and the audited create/update.

Import from here (`from dangjian.value import services`): the names below are the services' public face.
"""

from dangjian.value.services.catalogue import ITEM_FIELDS, item_create, item_retire, item_update, price_set, revalue
from dangjian.value.services.common import CATALOGUE, company_of, company_roots, require_company, require_item
from dangjian.value.services.groups import (
    GROUP_FIELDS,
    group_create,
    group_item_remove,
    group_item_set,
    group_update,
    unit_enrol,
    unit_retire,
)
from dangjian.value.services.records import (
    CREATED,
    MAX_BATCH,
    UNCHANGED,
    UPDATED,
    Written,
    day_lock,
    days_lock_until,
    export_audit,
    record_confirm,
    record_save,
    records_write,
    records_write_checked,
)
from dangjian.value.services.winners import winners_compute, winners_set

__all__ = [
    "CATALOGUE",
    "CREATED",
    "GROUP_FIELDS",
    "ITEM_FIELDS",
    "MAX_BATCH",
    "UNCHANGED",
    "UPDATED",
    "Written",
    "company_of",
    "company_roots",
    "day_lock",
    "days_lock_until",
    "export_audit",
    "group_create",
    "group_item_remove",
    "group_item_set",
    "group_update",
    "item_create",
    "item_retire",
    "item_update",
    "price_set",
    "record_confirm",
    "record_save",
    "records_write",
    "records_write_checked",
    "require_company",
    "require_item",
    "revalue",
    "unit_enrol",
    "unit_retire",
    "winners_compute",
    "winners_set",
]
