"""Fixtures for the single sign-on tests: the real directory and OIDC provider (once per session, servers.py), the
WeCom and DingTalk fakes (fakes.py), each way's settings, and the people the identities match."""

import shutil

import pytest
from django.core.cache import cache

from tests.accounts.sso import fakes, servers
from tests.factories import PersonFactory, UserFactory

LDAP_BACKEND = "dangjian.accounts.sso.ldap.DirectoryBackend"


@pytest.fixture(scope="session")
def slapd_uri():
    process, uri, folder = servers.start_slapd()
    yield uri
    servers.stop(process)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def oidc_issuer():
    process, issuer, folder = servers.start_oidc_provider()
    yield issuer
    servers.stop(process)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def wecom_server():
    vendor = fakes.WeCom()
    server, url = fakes.serve(vendor)
    yield vendor, url
    server.shutdown()


@pytest.fixture(scope="session")
def dingtalk_server():
    vendor = fakes.DingTalk()
    server, url = fakes.serve(vendor)
    yield vendor, url
    server.shutdown()


@pytest.fixture
def ldap_on(settings, slapd_uri):
    settings.AUTH_LDAP_SERVER_URI = slapd_uri
    settings.AUTH_LDAP_BIND_DN = servers.READER_DN
    settings.AUTH_LDAP_BIND_PASSWORD = servers.READER_PASSWORD
    settings.LDAP_USER_SEARCH_BASE = servers.PEOPLE_DN
    settings.LDAP_USER_FILTER = "(uid=%(user)s)"
    settings.LDAP_EMPLOYEE_NUMBER_ATTRIBUTE = "employeeNumber"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, LDAP_BACKEND]
    return settings


@pytest.fixture
def oidc_on(settings, oidc_issuer):
    settings.OIDC_RP_CLIENT_ID = servers.OIDC_CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = servers.OIDC_CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_issuer}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{oidc_issuer}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc_issuer}/jwks"
    settings.OIDC_RP_SCOPES = "openid profile employee_number"
    return settings


@pytest.fixture
def wecom_on(settings, wecom_server):
    vendor, url = wecom_server
    vendor.reset()
    cache.clear()
    settings.WECOM_CORP_ID = fakes.WECOM_CORP_ID
    settings.WECOM_AGENT_ID = fakes.WECOM_AGENT_ID
    settings.WECOM_SECRET = fakes.WECOM_SECRET
    settings.WECOM_API_URL = url
    yield vendor
    cache.clear()


@pytest.fixture
def dingtalk_on(settings, dingtalk_server):
    vendor, url = dingtalk_server
    vendor.reset()
    cache.clear()
    settings.DINGTALK_CLIENT_ID = fakes.DINGTALK_CLIENT_ID
    settings.DINGTALK_CLIENT_SECRET = fakes.DINGTALK_CLIENT_SECRET
    settings.DINGTALK_CORP_ID = fakes.DINGTALK_CORP_ID
    settings.DINGTALK_API_URL = url
    settings.DINGTALK_OAPI_URL = url
    yield vendor
    cache.clear()


@pytest.fixture
def people(db):
    """E1001 has an account (named differently from the directory), E1002 has none, E1004's is deactivated; E9999
    (in the directory and the providers) is nobody here."""
    wang = PersonFactory(employee_no="E1001", name="王工")
    zhao = PersonFactory(employee_no="E1002", name="赵工")
    zhou = PersonFactory(employee_no="E1004", name="周工")
    return {
        "wang": UserFactory(username="wang.gong", person=wang),
        "zhao": zhao,
        "zhou": UserFactory(username="zhou.gong", person=zhou, is_active=False),
    }
