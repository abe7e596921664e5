# Placeholder until the org pages land (helper "org-pages" replaces this file).
from django.http import Http404


def org_tree(request):
    raise Http404


people = units = org_tree
