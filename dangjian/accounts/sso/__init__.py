"""Single sign-on (issue 19): LDAP / Active Directory (ldap.py), OpenID Connect (oidc.py), WeCom (wecom.py) and
DingTalk (dingtalk.py), each off until configured; every way ends in matching.py (employee number → person → account).
The pages are in views.py; docs/operations.md, "Single sign-on", says how to configure each way."""
