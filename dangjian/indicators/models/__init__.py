from dangjian.indicators.models.catalogue import Indicator, IndicatorQuerySet
from dangjian.indicators.models.values import IndicatorValue, IndicatorValueRevision, Target

__all__ = ["Indicator", "IndicatorQuerySet", "IndicatorValue", "IndicatorValueRevision", "Target"]
