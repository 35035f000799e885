"""The terminal app: dashboard, check-in, weekly review and domains, built by ``app.make_app``."""
