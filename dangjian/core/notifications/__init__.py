"""Notifications: one model (core/models/notification.py), one way to send (`services.notify`), one way to read
(`selectors`), one delivery path (`delivery.deliver`, run by the task `core.tasks.deliver_notifications`).

Apps define their kinds ("meetings.due", "reviews.due", "service.accepted"…) and call `notify` inside the
transaction of the change that causes the notification; the core knows no domain."""
