from django.urls import path

from groeidocument.growth.views import class_pdf
from groeidocument.pupils import views

app_name = "pupils"
urlpatterns = [
    path("", views.pupil_list, name="list"),
    path("add/", views.pupil_add, name="add"),
    path("<uuid:pupil_uuid>/", views.pupil_detail, name="detail"),
    path("<uuid:pupil_uuid>/edit/", views.pupil_edit, name="edit"),
    # path, not str: a class name may contain a slash, such as "5A/B".
    path("class/<path:class_name>/pdf/", class_pdf, name="class_pdf"),
]
