from django.urls import path

from dangjian.burden import views

app_name = "burden"
urlpatterns = [
    path("", views.meter, name="meter"),
    path("recompute/", views.recompute, name="recompute"),
]
