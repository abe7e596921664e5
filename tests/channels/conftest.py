"""The vendors' fakes, started once per test session, and the settings that point the channels at them."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from tests.channels.fakes import AliyunSmsFake, DingTalkFake, TencentSmsFake, WeComFake

SITE = "https://dj.example.com"


@pytest.fixture(scope="session")
def fake_servers():
    servers = SimpleNamespace(
        wecom=WeComFake(), dingtalk=DingTalkFake(), aliyun=AliyunSmsFake(), tencent=TencentSmsFake()
    )
    yield servers
    for fake in vars(servers).values():
        fake.stop()


@pytest.fixture
def vendors(fake_servers, settings):
    """Every vendor set up against its fake, the fakes' records empty, no token cached, no quiet hours."""
    for fake in vars(fake_servers).values():
        fake.reset()
    cache.clear()
    settings.CHANNELS_SITE_URL = SITE
    settings.CHANNELS_QUIET_HOURS = ""
    settings.WECOM_BASE_URL = fake_servers.wecom.url
    settings.WECOM_CORP_ID, settings.WECOM_CORP_SECRET = WeComFake.CORP_ID, WeComFake.SECRET
    settings.WECOM_AGENT_ID = WeComFake.AGENT_ID
    settings.DINGTALK_BASE_URL = fake_servers.dingtalk.url
    settings.DINGTALK_APP_KEY, settings.DINGTALK_APP_SECRET = DingTalkFake.APP_KEY, DingTalkFake.APP_SECRET
    settings.DINGTALK_AGENT_ID = DingTalkFake.AGENT_ID
    settings.CHANNELS_SMS_PROVIDER = "aliyun"
    settings.ALIYUN_SMS_BASE_URL = fake_servers.aliyun.url
    settings.ALIYUN_SMS_ACCESS_KEY_ID = AliyunSmsFake.ACCESS_KEY_ID
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = AliyunSmsFake.SECRET
    settings.ALIYUN_SMS_SIGN_NAME, settings.ALIYUN_SMS_TEMPLATE_CODE = AliyunSmsFake.SIGN_NAME, AliyunSmsFake.TEMPLATE
    settings.TENCENT_SMS_BASE_URL = fake_servers.tencent.url
    settings.TENCENT_SMS_SECRET_ID, settings.TENCENT_SMS_SECRET_KEY = (
        TencentSmsFake.SECRET_ID,
        TencentSmsFake.SECRET_KEY,
    )
    settings.TENCENT_SMS_SDK_APP_ID = TencentSmsFake.SDK_APP_ID
    settings.TENCENT_SMS_SIGN_NAME, settings.TENCENT_SMS_TEMPLATE_ID = (
        TencentSmsFake.SIGN_NAME,
        TencentSmsFake.TEMPLATE_ID,
    )
    yield fake_servers
    cache.clear()
