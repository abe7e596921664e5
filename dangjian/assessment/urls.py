from django.urls import path

from dangjian.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("rankings/", views.rankings, name="rankings"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:pk>/", views.template, name="template"),
    path("templates/<int:pk>/export/", views.template_export, name="template_export"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("templates/<int:pk>/categories/", views.category_add, name="category_add"),
    path("templates/<int:pk>/categories/<int:category_pk>/", views.category_change, name="category_change"),
    path("templates/<int:pk>/items/new/", views.item_add, name="item_add"),
    path("templates/<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("templates/<int:pk>/items/<int:item_pk>/change/", views.item_change, name="item_change"),
    path("templates/<int:pk>/open/", views.period_open, name="period_open"),
    path("periods/<int:pk>/", views.period, name="period"),
    path("periods/<int:pk>/lock/", views.period_lock, name="period_lock"),
    path("periods/<int:pk>/unlock/", views.period_unlock, name="period_unlock"),
    path("periods/<int:pk>/production/", views.production, name="production"),
    path("periods/<int:pk>/pay.xlsx", views.pay_export, name="pay_export"),
    path("sheets/<int:pk>/", views.sheet, name="sheet"),
    path("sheets/<int:pk>/move/", views.sheet_move, name="sheet_move"),
    path("sheets/<int:pk>/print.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("sheets/<int:pk>/lines/<int:line_pk>/", views.line_save, name="line_save"),
    path("sheets/<int:pk>/lines/<int:line_pk>/deduct/", views.line_deduct, name="line_deduct"),
    path("keytasks/", views.board, name="keytasks"),
    path("keytasks/ranking/", views.ranking, name="keytask_ranking"),
    path("keytasks/new/", views.keytask_create, name="keytask_create"),
    path("keytasks/<int:pk>/", views.keytask, name="keytask"),
    path("keytasks/<int:pk>/edit/", views.keytask_edit, name="keytask_edit"),
    path("keytasks/<int:pk>/cancel/", views.keytask_cancel, name="keytask_cancel"),
    path("keytasks/<int:pk>/close/", views.keytask_close, name="keytask_close"),
    path("keytasks/<int:pk>/decide/", views.keytask_decide, name="keytask_decide"),
]
