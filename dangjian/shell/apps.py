from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The shell: the top layer, above every capability. It owns the home page and the main navigation, and reads
    what each app registers (core/capabilities.py); nothing below imports it."""

    name = "dangjian.shell"
    label = "shell"
    verbose_name = _("Shell")
