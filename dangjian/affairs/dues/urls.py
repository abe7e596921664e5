from django.urls import path

from dangjian.affairs.dues import views

app_name = "dues"
urlpatterns = [
    path("", views.sheet, name="sheet"),
    path("collect/", views.collect, name="collect"),
    path("cancel/", views.cancel, name="cancel"),
    path("reason/", views.reason, name="reason"),
    path("reconcile/", views.reconcile, name="reconcile"),
    path("collection/", views.collection, name="collection"),
    path("collection/export/", views.export, name="export"),
    path("bases/", views.bases, name="bases"),
    path("bases/set/", views.base_set, name="base_set"),
    path("bases/recalculate/", views.recalculate, name="recalculate"),
    path("mine/", views.mine, name="mine"),
]
