"""Vendors count lengths in UTF-8 bytes (a Chinese character is 3): cut a text to fit without splitting one."""


def cut(text: str, max_bytes: int) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= max_bytes:
        return text
    return raw[: max_bytes - 3].decode("utf-8", errors="ignore") + "…"
