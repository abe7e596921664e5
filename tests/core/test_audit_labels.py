import pytest
from django.urls import reverse
from django.utils import translation

from dangjian.core import audit
from dangjian.core.templatetags.audit_tags import model_label
from tests.factories import account_with_role


def test_model_label_reads_the_verbose_name_and_falls_back_to_the_raw_label():
    with translation.override("zh-hans"):
        assert model_label("accounts.user") == "账号"
        assert model_label("org.partyorg") == "党组织"
    assert model_label("gone.model") == "gone.model"
    assert model_label("nodot") == "nodot"
    assert model_label("") == ""


@pytest.mark.django_db
def test_audit_page_shows_the_model_name_not_the_label(client):
    client.force_login(account_with_role("audit_admin", None, username="auditadmin"))
    audit.record(actor=None, action="update", object_type="org.partyorg", object_id="7", object_repr="R")
    html = client.get(reverse("core:audit"), {"object_type": "org.partyorg"}).content.decode()
    assert 'title="org.partyorg">党组织 #7' in html
