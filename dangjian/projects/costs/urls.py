from django.urls import path

from dangjian.projects.costs import views

app_name = "costs"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/export/", views.results_export, name="export"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
]
