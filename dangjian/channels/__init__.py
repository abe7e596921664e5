"""Notification channels (issue #19, item 3): how a notification leaves the app — in-app, e-mail, WeCom application
messages, DingTalk work notices and SMS — behind one interface (`base.Channel`), with each account's addresses and
preferences, quiet hours, a daily digest, retries with back-off and a delivery log."""
