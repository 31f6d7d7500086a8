from django.urls import path

from groeidocument.accounts import views

app_name = "accounts"
urlpatterns = [
    path("school/users/", views.user_list, name="users"),
    path("school/users/invite/", views.invite, name="invite"),
    path("school/users/<uuid:user_uuid>/", views.member_edit, name="member"),
    path(
        "school/users/<uuid:user_uuid>/deactivate/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "school/users/<uuid:user_uuid>/reactivate/",
        views.member_reactivate,
        name="member_reactivate",
    ),
    path(
        "school/invitations/<uuid:invitation_uuid>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("school/classes/", views.class_list, name="classes"),
    # path, not str: a class name may contain a slash, such as "5A/B".
    path(
        "school/classes/<str:school_year>/<path:class_name>/rename/",
        views.class_rename,
        name="class_rename",
    ),
    path("school/choose/", views.choose_school, name="choose_school"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path(
        "invitation/<str:token>/existing-account/",
        views.accept_invitation_existing,
        name="accept_invitation_existing",
    ),
]
