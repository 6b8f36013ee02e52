"""The sign-in, second-factor and unlock forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

WRONG_CODE = _("Wrong or expired code. Enter the current code from the app or one of your recovery codes.")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("This account is inactive."),
    }


class TokenForm(forms.Form):
    """A six-digit TOTP code or an eight-character recovery code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class UnlockForm(forms.Form):
    """Which lockout to lift: an account (username) or an address."""

    username = forms.CharField(max_length=150, required=False)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("username") and not data.get("ip_address"):
            raise forms.ValidationError(_("Choose an account or an address to unlock."))
        return data
