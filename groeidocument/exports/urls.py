from django.urls import path

from groeidocument.exports import views

app_name = "exports"
urlpatterns = [
    path("exports/", views.index, name="index"),
    path("exports/school.csv", views.school_csv, name="school_csv"),
    path("exports/school.xlsx", views.school_xlsx, name="school_xlsx"),
    path("pupils/<uuid:pupil_uuid>/export.json", views.pupil_export, name="pupil"),
]
