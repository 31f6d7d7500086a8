from django.urls import path

from groeidocument.audit import views

app_name = "audit"
urlpatterns = [
    path("audit-log/", views.school_log, name="school_log"),
    path("pupils/<uuid:pupil_uuid>/audit-log/", views.pupil_log, name="pupil_log"),
    path("pupils/<uuid:pupil_uuid>/erase/", views.erase, name="erase"),
]
