"""The one way pages answer domain errors: the middleware for what the user cannot fix (404, 403, 409, 400), and
core/views/pages.py for what they can (on the form, or as a message) — and no view module catches one itself or
queries a model directly (an AST scan of every views module, the shell's included)."""

import ast
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client, RequestFactory

from dangjian.core.errors import Conflict, DomainError, InvalidInput, NotFound, NotPermitted
from dangjian.core.views.pages import place_on_top, refusal, refusal_as_message, refusal_on
from tests.appdirs import in_apps


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


# --- no page catches a domain error itself, and no page queries a model ----------------------------------------------

ROOT = Path(settings.BASE_DIR) / "dangjian"
HELPERS = ROOT / "core" / "views" / "pages.py"  # the one place that catches them (refusal*), for every page
VIEW_MODULES = sorted(
    {*in_apps("views.py"), *in_apps("views/*.py"), *in_apps("*_views.py")} - {HELPERS},
    key=str,
)


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


# Every domain error class by name (ReadError of the imports is an InvalidInput, for instance), and the names that
# catch them too.
DOMAIN_ERRORS = {cls.__name__ for cls in {DomainError, *_subclasses(DomainError)}}
CATCH_ALL = {"Exception", "BaseException"}


def local_catches(source: str) -> list[str]:
    """`line: what` for each `except` in `source` that catches a domain error: by its class name (imported under any
    alias, or as `errors.NotFound`), through a module-level tuple of them, or with a catch-all."""
    tree = ast.parse(source)
    caught = set(DOMAIN_ERRORS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            caught |= {alias.asname for alias in node.names if alias.name in DOMAIN_ERRORS and alias.asname}
    names_of: dict[str, ast.expr] = {}
    for node in tree.body:  # module-level constants such as CHOICES = (NotFound, NotPermitted)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names_of[target.id] = node.value

    def catches(expr, seen=()) -> bool:
        if expr is None:  # a bare except
            return True
        if isinstance(expr, ast.Name):
            if expr.id in caught or expr.id in CATCH_ALL:
                return True
            return expr.id in names_of and expr.id not in seen and catches(names_of[expr.id], (*seen, expr.id))
        if isinstance(expr, ast.Attribute):
            return expr.attr in caught or expr.attr in CATCH_ALL
        if isinstance(expr, ast.Tuple | ast.List):
            return any(catches(element, seen) for element in expr.elts)
        if isinstance(expr, ast.BinOp):
            return catches(expr.left, seen) or catches(expr.right, seen)
        if isinstance(expr, ast.Call):  # tuple(...)
            return any(catches(arg, seen) for arg in expr.args)
        return False

    return [
        f"{node.lineno}: except {ast.unparse(node.type) if node.type else ''}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and catches(node.type)
    ]


def model_queries(source: str) -> list[str]:
    """`line: what` for each direct model query in `source`: `<Model>.objects` or get_object_or_404/get_list_or_404."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Name) and node.id in {"get_object_or_404", "get_list_or_404"}:
            found.append(f"{node.lineno}: {node.id}")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "try:\n    f()\nexcept NotFound:\n    pass",
        "try:\n    f()\nexcept (ValueError, errors.NotPermitted) as exc:\n    pass",
        "from dangjian.core.errors import Conflict as Clash\ntry:\n    f()\nexcept Clash:\n    pass",
        "CHOICES = (InvalidInput,)\ntry:\n    f()\nexcept CHOICES:\n    pass",
        "try:\n    f()\nexcept ReadError:\n    pass",
        "try:\n    f()\nexcept Exception:\n    pass",
        "try:\n    f()\nexcept:\n    pass",
    ],
)
def test_the_scan_finds_a_local_catch(source):
    assert local_catches(source)


def test_the_scan_lets_other_errors_and_the_helpers_pass():
    source = "try:\n    int(x)\nexcept (ValueError, ArithmeticError):\n    pass\n"
    source += "with refusal_on(form) as refused:\n    f()"
    assert local_catches(source) == []
    assert model_queries("Person.objects.filter(pk=1)") and model_queries("get_object_or_404(Person, pk=1)")
    assert model_queries("selectors.person_get(user=user, pk=1)") == []


def test_the_view_modules_are_found():
    names = {str(path.relative_to(ROOT)) for path in VIEW_MODULES}
    assert {"shell/views.py", "shell/standard_views.py", "projects/effects/views.py", "value/views/setup.py"} <= names
    assert "core/views/notifications.py" in names and len(names) > 50


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_page_catches_a_domain_error_itself(path):
    """Pages let NotFound / NotPermitted / Conflict / InvalidInput reach core/middleware.py, or show what the user can
    fix through core/views/pages.py (refusal_on, refusal_as_message, refusal); no local `except` of them."""
    assert local_catches(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_page_queries_a_model(path):
    """Pages read through their app's selectors (scoped, with a bounded query count), never `<Model>.objects`."""
    assert model_queries(path.read_text(encoding="utf-8")) == []
