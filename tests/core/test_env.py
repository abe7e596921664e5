from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from dangjian.env import EnvError, env_bool, env_decimal, env_int, env_list, env_secret_key, env_str, secret_key_problem


def test_bool_parses_common_spellings():
    assert env_bool("X", environ={"X": "Yes"}) is True
    assert env_bool("X", environ={"X": "0"}) is False
    assert env_bool("X", True, environ={}) is True
    with pytest.raises(EnvError, match="X must be true or false"):
        env_bool("X", environ={"X": "maybe"})


def test_int_and_list_and_str():
    assert env_int("N", 5, environ={}) == 5
    assert env_int("N", 5, environ={"N": "30"}) == 30
    with pytest.raises(EnvError):
        env_int("N", 5, environ={"N": "thirty"})
    assert env_list("H", ["a"], environ={}) == ["a"]
    assert env_list("H", environ={"H": "a.example, b.example ,"}) == ["a.example", "b.example"]
    assert env_str("S", "d", environ={}) == "d"


def test_decimal():
    assert env_decimal("M", "0.10", environ={}) == Decimal("0.10")
    assert env_decimal("M", "0.10", environ={"M": " 0.2 "}) == Decimal("0.2")
    with pytest.raises(EnvError, match="M must be a decimal number"):
        env_decimal("M", "0.10", environ={"M": "ten percent"})
    with pytest.raises(EnvError, match="finite"):
        env_decimal("M", "0.10", environ={"M": "NaN"})


STRONG = "r8Qe-3vY_kP1wZt6sLx0mN2bC7dH5fJ9gA4uE_iO-qW1yT3zXcV"  # 52 characters, many different


def test_secret_key_problem_follows_djangos_deploy_rule():
    assert secret_key_problem(STRONG) is None
    assert "1 characters" in secret_key_problem("x")
    assert "49 characters" in secret_key_problem(STRONG[:49])
    assert "different characters" in secret_key_problem("ab" * 40)
    assert "django-insecure-" in secret_key_problem("django-insecure-" + STRONG)


def test_secret_key_with_debug_accepts_anything_or_falls_back():
    assert env_secret_key("K", debug=True, development_key="dev", environ={}) == "dev"
    assert env_secret_key("K", debug=True, development_key="dev", environ={"K": "x"}) == "x"


def test_secret_key_without_debug_must_be_strong():
    assert env_secret_key("K", debug=False, development_key="dev", environ={"K": STRONG}) == STRONG
    with pytest.raises(ImproperlyConfigured, match="Set K"):
        env_secret_key("K", debug=False, development_key="dev", environ={})
    with pytest.raises(ImproperlyConfigured, match="K is too weak for production: it has 1 characters"):
        env_secret_key("K", debug=False, development_key="dev", environ={"K": "x"})
    with pytest.raises(ImproperlyConfigured, match="different characters"):
        env_secret_key("K", debug=False, development_key="dev", environ={"K": "a" * 64})


def test_parse_errors_are_improperly_configured():
    # Django reports ImproperlyConfigured at start-up with its message; every parser error is one.
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 5, environ={"N": "five"})
