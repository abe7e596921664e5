"""Pages of the service capability: requests (send, follow, handle) and the office pages (dashboard, export,
board, deadline settings)."""
