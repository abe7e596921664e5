def draft(request):
    pass


def docx(request):
    pass
