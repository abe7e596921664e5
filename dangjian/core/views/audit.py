# Placeholder until the audit pages land (helper "accounts-audit" replaces this file).
from django.http import Http404


def audit_list(request):
    raise Http404


audit_export = audit_list
