"""core.forms.QuickSelect writes the same select as Django's template-rendered one (it replaced it for speed)."""

import re

import pytest
from django import forms

from dangjian.core.forms import QuickSelect

CHOICES = [
    ("", "any"),
    ("a&b", "<b>Tom & Jerry</b>"),
    (3, "· 三车间"),
    ("Group", [("g1", "first"), ("g2", 'quote "x"')]),
    (None, "none"),
]


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "a&b", 3, "g2", "missing"])
@pytest.mark.parametrize("multiple", [False, True])
def test_quick_select_renders_like_djangos_select(value, multiple):
    base = forms.SelectMultiple if multiple else forms.Select
    quick = type("Quick", (QuickSelect,), {"allow_multiple_selected": multiple})
    attrs = {"id": "id_f", "class": "form-select", "required": True}
    value = [value, "g1"] if multiple else value
    expected = base(choices=CHOICES).render("f", value, attrs=attrs)
    assert _same(quick(choices=CHOICES).render("f", value, attrs=attrs)) == _same(expected)
