"""today: no models of its own; it reads the other apps."""
