from django.urls import path

from groeidocument.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:token>/columns/", views.columns, name="columns"),
    path("<uuid:token>/", views.preview, name="preview"),
    path("<uuid:token>/cancel/", views.cancel, name="cancel"),
]
