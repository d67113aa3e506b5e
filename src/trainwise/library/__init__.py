"""The built-in exercise library: one reviewable TOML file per exercise in ``exercises/``."""
