"""eecore: the Education Excellence Strategy as a domain, with its storage and use cases."""
