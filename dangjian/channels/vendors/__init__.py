"""The vendor adapters, one module each, following the vendors' published APIs: WeCom application messages
(wecom.py), DingTalk work notices (dingtalk.py), Aliyun SMS (aliyun_sms.py) and Tencent Cloud SMS (tencent_sms.py);
e-mail through Django (email.py). Base URLs come from settings, so tests point them at local fakes."""
