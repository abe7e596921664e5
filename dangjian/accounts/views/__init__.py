"""Account pages: signing in and out (auth), accounts for the system administrator (accounts), role assignments for
the security administrator (roles)."""
