"""Small filters for the service pages."""

from django import template

register = template.Library()


@register.filter
def late(request, today) -> bool:
    """Past a deadline and still waiting (ServiceRequest.breached)."""
    return request.breached(today)


@register.filter
def stars(rating) -> str:
    return "★" * int(rating or 0) + "☆" * (5 - int(rating or 0))


@register.filter
def accept_late(request, today) -> bool:
    return request.accept_breached(today)


@register.filter
def resolve_late(request, today) -> bool:
    return request.resolve_breached(today)
