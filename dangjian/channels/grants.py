"""Grants on the channels app's resources: "channel_address" (an account's WeCom / DingTalk userid and mobile number)
is account data, kept by the system administrator who manages accounts; "channel_delivery" (the delivery log) is read
by 党群工作部 over its subtree and by the system administrator everywhere. Each signed-in user keeps their own channel
preferences without a grant (the page shows only their own).

The system administrator also gets the import pages (core's "import" resource, which no other app grants the role):
the address import is the one kind that role may use — every other kind asks for its own resource's import grant."""

from dangjian.core.permissions import ADD, ALL, VIEW, Role

GRANTS = {
    Role.SYSTEM_ADMIN: {
        "channel_address": ALL,
        "channel_delivery": frozenset({VIEW}),
        "import": frozenset({VIEW, ADD}),
    },
    Role.PARTY_OFFICE: {"channel_delivery": frozenset({VIEW})},
}
