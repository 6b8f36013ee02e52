"""Forms only parse and normalise; the services hold the rules."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integra.finance.models import Benefit, BudgetLine, CapRule, CostCategory, Expense, FundingSource
from integra.people.models import Participant
from integra.people.picker import PersonField, PersonPickerMixin
from integra.support.models import Activity, InstrumentGroup

AMOUNT_NOT_A_NUMBER = _("Enter an amount in złoty, for example 1 234,56.")
AMOUNT_TOO_PRECISE = _("An amount can have at most two decimal places (grosze).")
AMOUNT_NEGATIVE = _("The amount cannot be negative.")
AMOUNT_TOO_LARGE = _("The amount is too large.")
PERIOD_REVERSED = _("The end of the period cannot be earlier than its start.")

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def parse_amount(text: str) -> Decimal:
    """Parse `1 234,56`, `1234.56` or `-12,30 zł` into an exact Decimal; anything else is refused."""
    cleaned = _SPACES.sub("", text).removesuffix("zł").removesuffix("PLN")
    if "," in cleaned and "." in cleaned:
        raise ValidationError(AMOUNT_NOT_A_NUMBER, code="invalid")
    cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        raise ValidationError(AMOUNT_NOT_A_NUMBER, code="invalid")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValidationError(AMOUNT_NOT_A_NUMBER, code="invalid") from exc
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):  # type: ignore[operator]
        raise ValidationError(AMOUNT_TOO_PRECISE, code="precision")
    if abs(value) >= Decimal("1e12"):
        raise ValidationError(AMOUNT_TOO_LARGE, code="too_large")
    return value.quantize(Decimal("0.01"))


def show_amount(value: Any) -> Any:
    """`1234.5` → `1 234,50` (what the user typed back into the field)."""
    if not isinstance(value, Decimal):
        return value
    sign = "-" if value < 0 else ""
    whole, frac = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{frac}"


class MoneyField(forms.Field):
    """An amount in złoty typed the Polish way; exact Decimal, at most two decimal places."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        amount = parse_amount(str(value))
        if amount < 0 and not self.allow_negative:
            raise ValidationError(AMOUNT_NEGATIVE, code="negative")
        return amount

    def prepare_value(self, value: Any) -> Any:
        return show_amount(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), input_formats=["%Y-%m-%d", "%d.%m.%Y"])


class VersionStartForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class VersionApproveForm(forms.Form):
    approved_on = _date_field(_("Approved on"))


class BudgetLineForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20)
    task = forms.CharField(label=_("Task"), max_length=200)
    name = forms.CharField(label=_("Cost item"), max_length=300)
    category = forms.ChoiceField(label=_("Cost category"), choices=CostCategory.choices)
    instrument_group = forms.ChoiceField(
        label=_("Instrument group"), choices=[("", "—"), *InstrumentGroup.choices], required=False
    )
    eligible = forms.BooleanField(label=_("Eligible cost"), required=False, initial=True)
    planned_eu = MoneyField(label=_("Planned: EU"), initial=Decimal("0.00"))
    planned_state = MoneyField(label=_("Planned: state budget"), initial=Decimal("0.00"))
    planned_own = MoneyField(label=_("Planned: own contribution"), initial=Decimal("0.00"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_line(cls, line: BudgetLine, data: Any = None) -> BudgetLineForm:
        initial = {name: getattr(line, name) for name in cls.base_fields if name != "version"}
        initial["version"] = line.version
        return cls(data, initial=initial)


class OverrunReason(forms.Form):
    """The second step of an entry that takes its line over the plan: why it is recorded anyway."""

    overrun_reason = forms.CharField(
        label=_("Reason for going over the line's plan"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @property
    def asks_overrun_reason(self) -> bool:
        """The service asked for a reason (or one was given): the screen shows the warning and the field."""
        return bool(self.errors.get("overrun_reason")) or bool((self.data.get("overrun_reason") or "").strip())


class ExpenseForm(OverrunReason):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none())
    date = _date_field(_("Date"))
    document_number = forms.CharField(label=_("Accounting document number"), max_length=100)
    contractor = forms.CharField(label=_("Contractor"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=500)
    amount = MoneyField(label=_("Amount"))
    source = forms.ChoiceField(label=_("Source"), choices=FundingSource.choices)
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none(), required=False)

    def __init__(self, *args: Any, lines: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["activity"].queryset = activities


class ExpenseCorrectionForm(OverrunReason):
    date = _date_field(_("Date"))
    document_number = forms.CharField(label=_("Correcting document number"), max_length=100)
    description = forms.CharField(label=_("Reason for the correction"), max_length=500)
    amount = MoneyField(label=_("Change of the amount (negative to reduce)"), allow_negative=True)


class BenefitForm(PersonPickerMixin, OverrunReason):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none())
    participant = PersonField(label=_("Participant"), queryset=Participant.objects.none())
    date = _date_field(_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Benefit.Kind.choices)
    amount = MoneyField(label=_("Amount"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)

    def __init__(self, *args: Any, lines: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["participant"].queryset = participants


class BenefitCorrectionForm(OverrunReason):
    date = _date_field(_("Date"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    amount = MoneyField(label=_("Change of the amount (negative to reduce)"), allow_negative=True)


class CapForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    categories = forms.MultipleChoiceField(
        label=_("Cost categories"), choices=CostCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    limit_percent = forms.DecimalField(
        label=_("Limit (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        localize=True,
    )
    base = forms.ChoiceField(label=_("Share of"), choices=CapRule.Base.choices)
    check_planned = forms.BooleanField(label=_("Check planned amounts"), required=False, initial=True)
    check_spent = forms.BooleanField(label=_("Check spent amounts"), required=False, initial=True)
    mode = forms.ChoiceField(label=_("When broken"), choices=CapRule.Mode.choices)


class PeriodForm(forms.Form):
    start = _date_field(_("From"))
    end = _date_field(_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise ValidationError(PERIOD_REVERSED, code="reversed")
        return data


__all__ = ["Expense", "parse_amount"]
