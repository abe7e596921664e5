"""`makemessages` that also extracts the project's gettext alias `_lazy`.

The apps' import kinds write `from django.utils.translation import gettext_lazy as _lazy`;
xgettext only knows the standard names, so without this their column names and help texts never reach the catalogue.
Extending `xgettext_options` in a subclass is Django's documented way to add keywords.
"""

from django.core.management.commands import makemessages

# Names used for gettext functions beyond the ones Django passes to xgettext. tests/core/test_translations.py checks
# that every alias in the code is either standard or listed here.
EXTRA_KEYWORDS = ("_lazy",)


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, *(f"--keyword={k}" for k in EXTRA_KEYWORDS)]
