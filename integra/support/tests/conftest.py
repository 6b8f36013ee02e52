import datetime as dt

import pytest

from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory


@pytest.fixture
def project(coordinator):
    return ProjectFactory(
        institution=coordinator.institution,
        title="Aktywni w Leżajsku",
        start_on=dt.date(2011, 1, 1),
        end_on=dt.date(2011, 12, 31),
    )


@pytest.fixture
def workshop(project):
    return ActivityFactory(project=project, title="Trening umiejętności społecznych", room="Sala 1")


@pytest.fixture
def enrol_people(project):
    """Enrol participants (of the project) with the given surnames in an activity."""

    def make(activity, *surnames, first_name="Zofia"):
        result = []
        for surname in surnames:
            participation = ParticipationFactory(
                project=project, participant__last_name=surname, participant__first_name=first_name
            )
            result.append(EnrolmentFactory(activity=activity, participant=participation.participant))
        return result

    return make
