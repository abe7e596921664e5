"""Models of the branch assessment (双百分考核) and the key-task list (重点工作任务清单)."""

from dangjian.assessment.models.keytasks import KeyTask
from dangjian.assessment.models.periods import Line, Period, ProductionScore, Sheet
from dangjian.assessment.models.templates import Category, Frequency, Item, Template

__all__ = ["Category", "Frequency", "Item", "KeyTask", "Line", "Period", "ProductionScore", "Sheet", "Template"]
