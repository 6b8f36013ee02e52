from django.urls import reverse


def test_centre_dashboard_loads_the_directors_staffing_card(director):
    page = director.client.get(reverse("reports:centre-dashboard")).content.decode()
    assert f'hx-get="{reverse("planning:staffing-card")}"' in page
    card = director.client.get(reverse("planning:staffing-card"))
    assert card.status_code == 200
    assert "Standard zatrudnienia" in card.content.decode()
