from dangjian.value.models.catalogue import AccountingUnit, GroupItem, Item, ItemPrice, PeerGroup
from dangjian.value.models.records import AnnualWinner, DailyLine, DailyRecord, DayLock, RecordRevision

__all__ = [
    "AccountingUnit",
    "AnnualWinner",
    "DailyLine",
    "DailyRecord",
    "DayLock",
    "GroupItem",
    "Item",
    "ItemPrice",
    "PeerGroup",
    "RecordRevision",
]
