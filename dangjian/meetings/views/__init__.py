"""Meeting pages (meetings.py) and compliance pages (compliance.py)."""
