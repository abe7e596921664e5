from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "dangjian.channels"
    label = "channels"
    verbose_name = _("Notification channels")

    def ready(self):
        # Core names no app: this app joins core's one delivery path here and takes e-mail over (its delivery rows
        # record e-mail too, and it still sets Notification.emailed_at when an e-mail goes out).
        from dangjian.channels import routing
        from dangjian.core.notifications import delivery

        delivery.register(routing.CORE_CHANNEL, replacing=("email",))
