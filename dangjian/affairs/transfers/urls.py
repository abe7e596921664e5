from django.urls import path

from dangjian.affairs.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("export/", views.transfer_export, name="export"),
    path("new/<str:kind>/", views.transfer_create, name="create"),
    path("<int:pk>/", views.transfer_detail, name="detail"),
    path("<int:pk>/letter.pdf", views.transfer_letter, name="letter"),
    path("<int:pk>/<str:step>/", views.transfer_step, name="step"),
    path("floating/", views.floating_list, name="floating"),
    path("floating/new/", views.floating_create, name="floating_create"),
    path("floating/<int:pk>/", views.floating_edit, name="floating_edit"),
    path("floating/<int:pk>/end/", views.floating_end, name="floating_end"),
]
