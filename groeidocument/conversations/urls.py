from django.urls import path

from groeidocument.conversations import views

app_name = "conversations"
urlpatterns = [
    path("starters/", views.starter_list, name="starters"),
    path("starters/<uuid:starter_uuid>/", views.starter_edit, name="starter_edit"),
    path(
        "start/pupil/<uuid:pupil_uuid>/", views.start_for_pupil, name="start_for_pupil"
    ),
    path(
        "start/document/<uuid:document_uuid>/",
        views.start_for_document,
        name="start_for_document",
    ),
    path("<uuid:conversation_uuid>/view/", views.switch_view, name="switch_view"),
    path("<uuid:conversation_uuid>/discard/", views.discard, name="discard"),
    path("<uuid:conversation_uuid>/<slug:step_slug>/", views.step_view, name="step"),
]
