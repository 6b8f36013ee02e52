"""What the API's serializers of every domain share."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

MAX_VERSION = 2**31 - 1  # a version is a PositiveIntegerField


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a misspelt field must not be silently dropped)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [serializers.ErrorDetail("This field is not accepted here.", code="unknown_field")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)
