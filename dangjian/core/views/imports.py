# Placeholder until the import pages land (helper "imports" replaces this file).
from django.http import Http404


def import_list(request, **kwargs):
    raise Http404


import_new = import_template = import_detail = import_confirm = import_list
