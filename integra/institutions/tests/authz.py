from integra.core.testing.authz import Rule

RULES = [
    Rule("institutions:staff-list", allowed={"administrator"}, other_centre=False),
    Rule("institutions:staff-create", allowed={"administrator"}, other_centre=False),
]
