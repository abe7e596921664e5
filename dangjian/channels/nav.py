from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py. The preferences page is in the account menu.
NAV = [
    (955, "channels:deliveries", _("Delivery log"), "channel_delivery", "view"),
    (915, "channels:addresses", _("Message addresses"), "channel_address", "view"),
]
