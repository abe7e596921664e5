from django.urls import path

from dangjian.org import views

app_name = "org"
urlpatterns = [
    path("", views.org_tree, name="tree"),
    path("people/", views.people, name="people"),
    path("units/", views.units, name="units"),
]
