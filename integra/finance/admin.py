"""finance: admin — read-only views for the system operator; money is changed through the services only."""

from django.contrib import admin

from integra.finance.models import Benefit, BudgetLine, BudgetVersion, CapRule, Expense


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes to money go through the services (history, caps, locking); the admin only looks."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BudgetVersion)
class BudgetVersionAdmin(ReadOnlyAdmin):
    list_display = ("project", "number", "status", "approved_on", "institution")
    list_filter = ("status",)


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ("budget", "number", "name", "category", "planned_eu", "planned_state", "planned_own")


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyAdmin):
    list_display = ("project", "date", "document_number", "amount", "source", "corrects")


@admin.register(Benefit)
class BenefitAdmin(ReadOnlyAdmin):
    list_display = ("project", "date", "kind", "amount", "decision_number", "corrects")


@admin.register(CapRule)
class CapRuleAdmin(ReadOnlyAdmin):
    list_display = ("project", "name", "limit_percent", "base", "mode")
