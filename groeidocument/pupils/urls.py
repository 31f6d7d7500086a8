from django.urls import path

from groeidocument.pupils import views

app_name = "pupils"
urlpatterns = [
    path("", views.pupil_list, name="list"),
    path("add/", views.pupil_add, name="add"),
    path("<uuid:pupil_uuid>/", views.pupil_detail, name="detail"),
    path("<uuid:pupil_uuid>/edit/", views.pupil_edit, name="edit"),
]
