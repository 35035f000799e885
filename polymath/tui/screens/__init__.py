"""The app's screens: the dashboard (home), the weekly review, the domains and a domain's detail."""
