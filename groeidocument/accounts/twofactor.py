"""Two-factor login with a time-based one-time password (TOTP) and backup codes.

A user sets it up by scanning a QR code with an authenticator app and typing
one code from it. Only then is the device confirmed and used at login. The
backup codes are one-time static tokens for a lost or empty phone.
"""

import dataclasses
import datetime
import io
from base64 import b32encode

import django_otp
import segno
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
# How long the code step of a login stays open after the password was right.
PENDING_LOGIN_LIFETIME = datetime.timedelta(minutes=5)
DEVICE_NAME = "authenticator app"


@dataclasses.dataclass
class CodeCheck:
    """The outcome of checking a code: the device that accepted it, or a wait."""

    device: TOTPDevice | StaticDevice | None = None
    wait_seconds: int = 0


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def unconfirmed_device(user) -> TOTPDevice:
    """Return the user's device that waits for its first code, made if needed.

    The key stays the same between page views, so a QR code that was scanned
    keeps working until the setup is confirmed.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice, title: str) -> str:
    """Draw the device's otpauth:// link as an SVG QR code, made on the server."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, scale=5, title=title
    )
    return buffer.getvalue().decode()


def readable_key(device: TOTPDevice) -> str:
    """Return the key in base32 groups of four, for typing it into an app."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def normalise_code(code: str) -> str:
    return "".join(code.split()).lower()


def check_code(user, code: str, devices=None) -> CodeCheck:
    """Check a one-time code or backup code against the user's devices.

    Six digits are checked against the app, anything else against the backup
    codes, so a typo in one kind does not slow down the other. A device that
    recently rejected a code refuses to check for 1, 2, 4, 8... seconds; then
    the result gives the wait in seconds.
    """
    code = normalise_code(code)
    if devices is None:
        if code.isdigit() and len(code) == 6:
            devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.filter(user=user, confirmed=True)

    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed:
            wait = details["locked_until"] - timezone.now()
            return CodeCheck(wait_seconds=max(1, int(wait.total_seconds()) + 1))
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return CodeCheck(device=verified)
    return CodeCheck()


@transaction.atomic
def confirm_device(device: TOTPDevice) -> list[str]:
    """Confirm the app's device and replace the backup codes with new ones.

    Returns the new backup codes, which are stored and shown only this once.
    """
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return replace_backup_codes(device.user)


def replace_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup codes")
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=backup, token=code) for code in codes
    )
    return codes


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_two_factor(user) -> bool:
    """Delete the user's app and backup codes; returns whether there were any."""
    removed = False
    for model in (TOTPDevice, StaticDevice):
        count, _per_model = model.objects.filter(user=user).delete()
        removed = removed or count > 0
    return removed
