"""Server-side sessions of a user, recorded at login so they can be ended.

Deleting a session from the session store signs its browser out at its next
request, whichever process serves it.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from groeidocument.accounts.models import LoginSession


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def end_sessions(user) -> int:
    """Delete every recorded session of user from the session store.

    Returns the number of sessions ended. A session that expired or was
    already removed counts too: its record goes either way.
    """
    # NOTE: this needs a server-side SESSION_ENGINE (the default database
    # engine is one); signed-cookie sessions cannot be deleted. A key changed
    # after login, as update_session_auth_hash does, is not recorded either.
    store = _session_store()
    keys = list(
        LoginSession.objects.filter(user=user).values_list("session_key", flat=True)
    )
    for key in keys:
        store().delete(key)
    LoginSession.objects.filter(user=user, session_key__in=keys).delete()
    return len(keys)


@receiver(user_logged_in, dispatch_uid="accounts_record_login_session")
def record_login_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    # login() has already given the session a new key; saving creates the
    # row now, so the key recorded is the one the browser gets.
    if session.session_key is None:
        session.save()
    LoginSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user": user}
    )
    _forget_expired_sessions(user)


def _forget_expired_sessions(user):
    """Drop the records of user's sessions that the store no longer has.

    Sessions that expire without a logout leave a record behind; checking a
    user's few records at each login keeps the table small.
    """
    store = _session_store()
    gone = [
        key
        for key in LoginSession.objects.filter(user=user).values_list(
            "session_key", flat=True
        )
        if not store().exists(key)
    ]
    if gone:
        LoginSession.objects.filter(session_key__in=gone).delete()


@receiver(user_logged_out, dispatch_uid="accounts_forget_login_session")
def forget_login_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None or session.session_key is None:
        return
    LoginSession.objects.filter(session_key=session.session_key).delete()
