from django.urls import path

from dangjian.indices import views

app_name = "indices"
urlpatterns = [
    path("", views.index_list, name="list"),
    path("export/", views.export, name="export"),
    path("recompute/", views.recompute, name="recompute"),
    path("distribution/", views.distribution, name="distribution"),
    path("mine/", views.mine, name="mine"),
    path("values/<int:pk>/", views.detail, name="detail"),
    path("weights/", views.weights, name="weights"),
    path("weights/new/", views.weights_set, name="weights_set"),
    path("weights/<int:pk>/retire/", views.weights_retire, name="weights_retire"),
]
