"""today: nothing to administer."""
