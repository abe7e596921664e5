from django.urls import path

from dangjian.handbook import views

app_name = "handbook"
urlpatterns = [
    path("", views.procedures, name="procedures"),
    path("standard/", views.standard_load, name="standard_load"),
    path("procedures/new/", views.procedure_create, name="procedure_create"),
    path("procedures/<int:pk>/", views.procedure_detail, name="procedure"),
    path("procedures/<int:pk>/publish/", views.procedure_publish, name="procedure_publish"),
    path("procedures/<int:pk>/retire/", views.procedure_retire, name="procedure_retire"),
    path("meetings/<int:pk>/tick/", views.meeting_tick, name="meeting_tick"),
    path("elections/", views.elections, name="elections"),
    path("elections/<int:pk>/", views.election, name="election"),
    path("elections/<int:pk>/tick/", views.election_tick, name="election_tick"),
    path("duties/", views.duties, name="duties"),
    path("duties/new/", views.duty_list_form, name="duty_list_create"),
    path("duties/export.xlsx", views.duties_export, name="duties_export"),
    path("duties/<int:pk>/", views.duty_list_detail, name="duty_list"),
    path("duties/<int:pk>/edit/", views.duty_list_form, name="duty_list_edit"),
    path("duties/<int:pk>/retire/", views.duty_list_retire, name="duty_list_retire"),
    path("duties/<int:pk>/items/", views.duty_item_form, name="duty_item_add"),
    path("duties/<int:pk>/items/<int:item_pk>/", views.duty_item_form, name="duty_item_edit"),
    path("duties/<int:pk>/items/<int:item_pk>/done/", views.duty_item_done, name="duty_item_done"),
    path("duties/<int:pk>/items/<int:item_pk>/delete/", views.duty_item_delete, name="duty_item_delete"),
]
