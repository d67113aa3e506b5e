"""The web pages (Jinja2 + htmx), mounted at /."""
