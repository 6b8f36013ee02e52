from integra.core.testing.authz import ALL, Rule

RULES = [
    Rule("core:home", allowed=ALL),
    Rule("core:login", allowed=ALL, ok=frozenset({302}), anonymous=frozenset({200}), note="signed-in users are sent home"),
    Rule("core:logout", allowed=ALL, method="POST", ok=frozenset({302})),
    Rule("core:switch-centre", allowed=ALL, method="POST", ok=frozenset({302})),
    Rule("core:session-ping", allowed=ALL, method="POST"),
    Rule("set_language", allowed=ALL, method="POST", ok=frozenset({302}), anonymous=frozenset({302}), note="public"),
    Rule("admin:*", allowed=ALL, note="Django admin: superusers only, checked by Django's admin site"),
]
