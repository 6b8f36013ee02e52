from integra.core.testing.authz import ALL, FINANCE_READ, RECORD_READERS, Rule

RULES = [
    Rule("today:start", allowed=ALL, other_centre=False, note="every role has a start page; it says so when empty"),
    Rule("today:sheet-gaps", allowed=RECORD_READERS, other_centre=False),
    Rule("today:unassigned-expenses", allowed=FINANCE_READ, other_centre=False),
    Rule("today:anonymisation-due", allowed={"dpo"}, other_centre=False),
]
