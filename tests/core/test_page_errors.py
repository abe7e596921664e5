"""The one way pages answer domain errors: the middleware for what the user cannot fix (404, 403, 409, 400), and
core/views/pages.py for what they can (on the form, or as a message)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client, RequestFactory

from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.views.pages import place_on_top, refusal, refusal_as_message, refusal_on


def raising(exc):
    def explode(*args, **kwargs):
        raise exc

    return explode


@pytest.mark.parametrize(
    ("exc", "status", "shown"),
    [
        (NotFound("The hidden org."), 404, None),
        (NotPermitted("Only the party office may do this."), 403, "Only the party office may do this."),
        (Conflict("Someone already did it."), 409, "Someone already did it."),
        (InvalidInput("That month does not exist."), 400, "That month does not exist."),
    ],
)
@pytest.mark.django_db
def test_the_middleware_answers_a_domain_error_a_view_lets_escape(company, office, monkeypatch, exc, status, shown):
    monkeypatch.setattr("dangjian.org.views.orgs.require_anywhere", raising(exc))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(office)
    response = client.get("/org/new/")
    assert response.status_code == status
    body = response.content.decode()
    if shown:
        assert shown in body
    else:  # a 404 says nothing about what was looked for
        assert "hidden org" not in body


class NameForm(forms.Form):
    name = forms.CharField()


def _form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_refusal_on_puts_field_messages_on_their_fields():
    form = _form()
    with refusal_on(form) as refused:
        raise InvalidInput("Check the name.", errors={"name": ["Already taken."], "other": ["Elsewhere."]})
    assert refused and refused.status == 400
    assert form.errors["name"] == ["Already taken."]
    assert form.non_field_errors() == ["Elsewhere."]


def test_refusal_on_shows_a_conflict_on_top_with_its_status():
    form = _form()
    with refusal_on(form, place=place_on_top) as refused:
        raise Conflict("The code is used.", errors={"name": ["x"]})
    assert refused.status == 409 and refused.message == "The code is used."
    assert form.non_field_errors() == ["The code is used."]


def test_nothing_refused_is_false_and_leaves_the_form_valid():
    form = _form()
    with refusal_on(form) as refused:
        pass
    assert not refused and form.is_valid()


@pytest.mark.parametrize("exc", [NotFound("x"), NotPermitted("x"), ValueError("x")])
def test_what_the_user_cannot_fix_propagates(exc):
    with pytest.raises(type(exc)):
        with refusal_on(_form()):
            raise exc
    with pytest.raises(type(exc)):
        with refusal():
            raise exc


def test_refusal_as_message_becomes_an_error_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with refusal_as_message(request) as refused:
        raise InvalidInput("Choose approve or reject.")
    assert refused
    assert [m.message for m in get_messages(request)] == ["Choose approve or reject."]
