"""The demo companies' colour map thresholds: the defaults, and for 旗能电铝 production held a little higher, as its
党群工作部 would set it. Through the services, as the system; idempotent (a company that has them is left alone)."""

from __future__ import annotations

from dangjian.cockpit import services
from dangjian.cockpit.models import Threshold
from dangjian.core.services import SYSTEM
from dangjian.org.models import PartyOrg


def seed(*, today=None, stdout=None) -> None:
    from dangjian.demo.data import qineng

    for root in PartyOrg.objects.filter(parent__isnull=True).order_by("path"):
        if Threshold.objects.filter(company=root).exists():
            continue
        services.thresholds_load_defaults(actor=SYSTEM, company=root)
        if root.code == qineng.ROOT_CODE:
            services.threshold_save(
                actor=SYSTEM, company=root, dimension="production", green_from=92, yellow_from=85, orange_from=70
            )
        if stdout is not None:
            stdout.write(f"驾驶舱：{root.name} 的五色地图阈值已设置\n")
