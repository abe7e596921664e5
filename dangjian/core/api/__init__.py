"""Shared pieces of the REST API: authentication, the one error handler, pagination and lookups in scope."""
