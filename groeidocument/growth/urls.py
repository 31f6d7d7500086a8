from django.urls import path

from groeidocument.growth import views

app_name = "growth"
urlpatterns = [
    path("new/", views.document_create, name="create"),
    path("<uuid:document_uuid>/", views.document_detail, name="detail"),
    path("<uuid:document_uuid>/edit/", views.document_edit, name="edit"),
    path("<uuid:document_uuid>/print/", views.document_print, name="print"),
]
