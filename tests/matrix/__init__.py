"""The permission matrix: one policy (policy.py) and one runner (runner.py) for the root matrix
(tests/test_permission_matrix.py), every capability's matrix (tests/<app>/matrix.py + test_matrix.py) and the
cross-company matrix (tests/test_cross_company.py)."""
