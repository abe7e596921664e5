from django.utils.translation import gettext_lazy as _

# The one-click action of the handbook's inbox items (core/notifications/selectors.action_label).
ACTIONS = {"handbook_election": _("Open the 换届 list")}
