from integra.core.testing.factories import ParticipantFactory


def test_home_shows_the_centres_own_counts(coordinator, outsider):
    ParticipantFactory.create_batch(3, institution=coordinator.institution)
    ParticipantFactory(institution=outsider.institution)
    response = coordinator.client.get("/")
    assert response.status_code == 200
    assert response.context["counts"]["participants"] == 3


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
