"""The demo company's colour map thresholds: the defaults, with production held a little higher, as the office of
旗能电铝 would set them. Through the services, as the system; idempotent."""

from __future__ import annotations

from dangjian.cockpit import services
from dangjian.cockpit.models import Threshold
from dangjian.core.services import SYSTEM
from dangjian.org.models import PartyOrg


def seed(*, today=None, stdout=None) -> None:
    from dangjian.demo.data import qineng

    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None:
        return
    services.thresholds_load_defaults(actor=SYSTEM, company=root)
    if not Threshold.objects.filter(company=root, dimension="production", green_from=92).exists():
        services.threshold_save(
            actor=SYSTEM, company=root, dimension="production", green_from=92, yellow_from=85, orange_from=70
        )
    if stdout is not None:
        stdout.write("驾驶舱：五色地图阈值已设置\n")
