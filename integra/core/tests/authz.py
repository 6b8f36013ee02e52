from integra.core.testing.authz import ALL, Rule

RULES = [
    Rule("core:login", allowed=ALL, ok=frozenset({302}), anonymous=frozenset({200}), note="signed-in users are sent home"),
    Rule("core:logout", allowed=ALL, method="POST", ok=frozenset({302})),
    Rule("core:switch-centre", allowed=ALL, method="POST", ok=frozenset({302})),
    Rule("core:session-ping", allowed=ALL, method="POST"),
    Rule("core:two-factor", allowed=ALL),
    Rule("core:two-factor-setup", allowed=ALL, ok=frozenset({302}), note="already enrolled: sent to the status page"),
    Rule("core:two-factor-verify", allowed=ALL, ok=frozenset({302}), note="already verified: sent on"),
    Rule("core:two-factor-recovery", allowed=ALL, method="POST"),
    Rule("core:two-factor-disable", allowed=ALL, method="POST", ok=frozenset({302})),
    Rule("core:unlock-list", allowed={"administrator"}),
    Rule("core:unlock", allowed={"administrator"}, method="POST", data={"username": "nobody"}, ok=frozenset({302})),
    Rule("set_language", allowed=ALL, method="POST", ok=frozenset({302}), anonymous=frozenset({302}), note="public"),
    Rule("admin:*", allowed=ALL, note="Django admin: superusers only, checked by Django's admin site"),
    Rule("health", allowed=ALL, anonymous=frozenset({200}), note="public liveness probe, no data"),
]
