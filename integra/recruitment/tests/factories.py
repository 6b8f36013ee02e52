import datetime as dt

import factory

from integra.projects.tests.factories import ProjectFactory
from integra.recruitment.models import RecruitmentCall


class RecruitmentCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentCall

    project = factory.SubFactory(ProjectFactory)
    institution = factory.SelfAttribute("project.institution")
    title = "Rekrutacja 2011"
    opens_on = dt.date(2011, 1, 3)
    closes_on = dt.date(2011, 4, 29)
    capacity = 16
    reserve_size = 10
