from django.urls import path

from dangjian.channels import views

app_name = "channels"
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("deliveries/", views.delivery_list, name="deliveries"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
    path("addresses/", views.address_list, name="addresses"),
    path("addresses/<int:pk>/", views.address_edit, name="address_edit"),
]
