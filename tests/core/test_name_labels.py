"""名称 heads the name of a thing (an indicator, an org, a template); 姓名 only a person's name."""

from django.urls import reverse
from django.utils import translation


def test_things_are_named_and_people_have_names(client, office):
    from dangjian.indicators.models import Indicator

    Indicator.objects.create(code="OUT", name="铝产量", unit_of_measure="t", granularity="day")
    client.force_login(office)
    catalogue = client.get(reverse("indicators:catalogue"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    people = client.get(reverse("org:people"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<th scope="col">名称</th>' in catalogue
    assert "姓名" not in catalogue
    assert "<th>姓名</th>" in people


def test_the_catalogue_keeps_both_words():
    with translation.override("zh-hans"):
        assert translation.gettext("Name") == "名称"
        assert translation.pgettext("person", "Name") == "姓名"
