from django.forms.renderers import TemplatesSetting


class IntegraFormRenderer(TemplatesSetting):
    """Draws every field with forms/field.html, so each screen labels, marks and links its fields alike."""

    field_template_name = "forms/field.html"
