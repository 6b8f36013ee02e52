import datetime as dt

import factory

from integra.casework.models import SocialContract
from integra.core.roles import Role
from integra.institutions.tests.factories import MembershipFactory
from integra.people.tests.factories import ParticipantFactory


class SocialContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialContract

    institution = factory.SubFactory("integra.institutions.tests.factories.InstitutionFactory")
    number = factory.Sequence(lambda n: f"KS/{n}/2011")
    social_worker = factory.SubFactory(
        MembershipFactory, institution=factory.SelfAttribute("..institution"), role=Role.SOCIAL_WORKER
    )
    participant = factory.SubFactory(ParticipantFactory, institution=factory.SelfAttribute("..institution"))
    start_on = dt.date(2011, 5, 1)
    end_on = dt.date(2011, 10, 31)
