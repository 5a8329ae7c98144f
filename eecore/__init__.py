"""eecore: the Education Excellence Strategy as a domain: policy, establishments, categories, support days."""
