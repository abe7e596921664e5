"""Chinese labels end in the full-width colon (类别： not 类别:), on forms and on the request cards."""

import re

from django.urls import reverse


def test_form_labels_and_cards_use_the_full_width_colon(client, logins, make_request):
    rated = make_request(state="feedback")
    client.force_login(logins["submitter"])
    form = client.get(reverse("service:submit"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "类别：" in form and "类别:" not in form
    detail = client.get(reverse("service:detail", args=[rated.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert re.search(r'评价：\s*<span class="text-warning" data-testid="rating">', detail)
    assert "评价:" not in detail
