"""core.services.validate: full_clean()'s checks with per-field messages, without looking up again a foreign key
that holds a saved instance — and still every unique field and constraint, those on such a key included."""

import pytest

from dangjian.core.errors import InvalidInput
from dangjian.core.services import validate
from dangjian.meetings.models import MeetingRule


def _rule(**fields):
    return MeetingRule(meeting_type="committee", period="month", org_kinds=["branch"], **fields)


def test_a_held_key_is_not_looked_up_again_but_an_id_is(company, django_assert_num_queries):
    root = company["root"]
    with django_assert_num_queries(1):  # the constraint (company, meeting_type) only
        validate(_rule(company=root))
    with django_assert_num_queries(2):  # the company looked up by its id, then the constraint
        validate(_rule(company_id=root.pk))


def test_constraints_on_a_held_key_are_still_checked(company):
    root = company["root"]
    _rule(company=root).save()
    with pytest.raises(InvalidInput) as refused:
        validate(_rule(company=root))
    assert refused.value.errors


def test_field_errors_and_a_missing_key_are_reported(company):
    with pytest.raises(InvalidInput) as refused:
        validate(_rule(company_id=999_999, times=0))
    assert {"company", "times"} <= set(refused.value.errors)
