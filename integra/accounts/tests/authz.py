from integra.core.testing.authz import ALL, Rule

RULES = [
    Rule(
        "accounts:login",
        allowed=ALL,
        ok=frozenset({302}),
        anonymous=frozenset({200}),
        note="signed-in users are sent home",
    ),
    Rule("accounts:logout", allowed=ALL, method="POST", ok=frozenset({302})),
    Rule("accounts:switch-centre", allowed=ALL, method="POST", ok=frozenset({302})),
    Rule("accounts:session-ping", allowed=ALL, method="POST"),
    Rule("accounts:two-factor", allowed=ALL),
    Rule(
        "accounts:two-factor-setup", allowed=ALL, ok=frozenset({302}), note="already enrolled: sent to the status page"
    ),
    Rule("accounts:two-factor-verify", allowed=ALL, ok=frozenset({302}), note="already verified: sent on"),
    Rule("accounts:two-factor-recovery", allowed=ALL, method="POST"),
    Rule("accounts:two-factor-disable", allowed=ALL, method="POST", ok=frozenset({302})),
    Rule("accounts:unlock-list", allowed={"administrator"}),
    Rule("accounts:unlock", allowed={"administrator"}, method="POST", data={"username": "nobody"}, ok=frozenset({302})),
    Rule("set_language", allowed=ALL, method="POST", ok=frozenset({302}), anonymous=frozenset({302}), note="public"),
    Rule("admin:*", allowed=ALL, note="Django admin: superusers only, checked by Django's admin site"),
    Rule("health", allowed=ALL, anonymous=frozenset({200}), note="public liveness probe, no data"),
]
