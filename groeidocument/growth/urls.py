from django.urls import path

from groeidocument.growth import views

app_name = "growth"
urlpatterns = [
    path("new/", views.document_create, name="create"),
    path("<uuid:document_uuid>/", views.document_detail, name="detail"),
    path("<uuid:document_uuid>/edit/", views.document_edit, name="edit"),
    path("<uuid:document_uuid>/history/", views.document_history, name="history"),
    path("<uuid:document_uuid>/manage/", views.document_manage, name="manage"),
    path("<uuid:document_uuid>/print/", views.document_print, name="print"),
    path("<uuid:document_uuid>/pdf/", views.document_pdf, name="pdf"),
    path(
        "<uuid:document_uuid>/report.pdf",
        views.document_report_pdf,
        name="report_pdf",
    ),
    path("<uuid:document_uuid>/close/", views.document_close, name="close"),
    path("<uuid:document_uuid>/reopen/", views.document_reopen, name="reopen"),
    path(
        "<uuid:document_uuid>/hand-over/",
        views.document_hand_over,
        name="hand_over",
    ),
    path("<uuid:document_uuid>/share/", views.document_share, name="share"),
    path(
        "<uuid:document_uuid>/share/<uuid:share_uuid>/withdraw/",
        views.document_unshare,
        name="unshare",
    ),
]
