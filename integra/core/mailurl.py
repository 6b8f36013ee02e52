"""`INTEGRA_EMAIL_URL`: where e-mail goes, as one URL (read by settings.py and by integra.outreach's channel).

- `smtp://user:password@host:port` — SMTP (port 25 when omitted);
- `smtp+tls://user:password@host:port` — SMTP with STARTTLS (port 587 when omitted);
- `smtps://user:password@host:port` — SMTP over TLS from the first byte (port 465 when omitted);
- `console://` — printed to the console (development and the demo);
- empty — no e-mail channel.
User and password are percent-encoded in the URL (`%40` for „@”).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCHEMES = {
    "smtp": ("django.core.mail.backends.smtp.EmailBackend", 25, False, False),
    "smtp+tls": ("django.core.mail.backends.smtp.EmailBackend", 587, True, False),
    "smtps": ("django.core.mail.backends.smtp.EmailBackend", 465, False, True),
    "console": ("django.core.mail.backends.console.EmailBackend", 0, False, False),
}


class BadEmailUrl(ValueError):
    """The URL names no known way of sending e-mail."""


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = ""
    port: int = 0
    username: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False

    def connection_kwargs(self) -> dict[str, object]:
        if not self.host:
            return {}
        return {
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "password": self.password,
            "use_tls": self.use_tls,
            "use_ssl": self.use_ssl,
            "timeout": 15,
        }


def parse(url: str) -> EmailConfig | None:
    """The e-mail configuration of the URL, None when it is empty; BadEmailUrl for anything else."""
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise BadEmailUrl(f"INTEGRA_EMAIL_URL: unknown scheme {parts.scheme!r} (use smtp, smtp+tls, smtps or console)")
    backend, default_port, use_tls, use_ssl = SCHEMES[parts.scheme]
    if parts.scheme == "console":
        return EmailConfig(backend=backend)
    if not parts.hostname:
        raise BadEmailUrl("INTEGRA_EMAIL_URL: the SMTP server's host is missing")
    try:
        port = parts.port or default_port
    except ValueError as exc:
        raise BadEmailUrl("INTEGRA_EMAIL_URL: the port is not a number") from exc
    return EmailConfig(
        backend=backend,
        host=parts.hostname,
        port=port,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )
