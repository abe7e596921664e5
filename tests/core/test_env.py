from decimal import Decimal

import pytest

from dangjian.env import EnvError, env_bool, env_decimal, env_int, env_list, env_str


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
