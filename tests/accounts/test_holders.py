"""Who is asked to act at an org: the holders at the nearest org from there upwards, in one query."""

from dangjian.accounts.holders import nearest_holders, nearest_holders_many
from tests.factories import account_with_role


def test_the_nearest_org_with_a_holder_answers(company, office, secretary_a, django_assert_num_queries):
    roles = ("secretary", "party_office")
    with django_assert_num_queries(2):
        found = nearest_holders_many([company["branch_a"], company["branch_b"], company["group_a"]], roles)
    assert found == {
        company["branch_a"].pk: [secretary_a],  # its own secretary, not the office above
        company["branch_b"].pk: [office],  # no secretary account: the office above
        company["group_a"].pk: [secretary_a],  # a party group: its branch's secretary
    }
    assert nearest_holders(company["branch_a"], roles, start_above=True) == [office]
    assert nearest_holders(company["branch_b"], ["secretary"], walk_up=False) == []
    assert nearest_holders(company["branch_a"], roles, exclude=lambda user, _org: user == secretary_a) == [office]


def test_a_global_holder_answers_last(company):
    anywhere = account_with_role("party_office", None, username="everywhere")
    assert nearest_holders(company["branch_b"], ["party_office"]) == [anywhere]
    assert nearest_holders(company["branch_b"], ["party_office"], walk_up=False) == []
