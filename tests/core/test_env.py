import pytest

from dangjian.env import EnvError, env_bool, env_int, env_list, env_str


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
