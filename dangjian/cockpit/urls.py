from django.urls import path

from dangjian.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.cockpit_page, name="page"),
    path("wall/", views.wall, name="wall"),
    path("part/", views.part, name="part"),
    path("map/", views.colour_map, name="map"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("thresholds/defaults/", views.thresholds_defaults, name="thresholds_defaults"),
]
