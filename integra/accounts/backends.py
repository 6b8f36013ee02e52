"""Sign-in backends: Django's ModelBackend, with the signed-in user read by SQL compiled once per process.

Every request of a signed-in person reads their user row (django.contrib.auth.get_user → backend.get_user);
building that query cost several times running it (issue 26, point 5). What is checked stays Django's: the
user must exist and may authenticate (`is_active`), and the session's hash of the password is compared by
Django after this returns.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends, get_user_model

from integra.core.compiled import CompiledQuery

_user_by_id = CompiledQuery(lambda pk: get_user_model()._default_manager.filter(pk=pk))


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        if type(user_id) is not int:
            return super().get_user(user_id)
        users = _user_by_id(pk=user_id)
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None
