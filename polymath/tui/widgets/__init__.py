"""Self-contained widgets: charts drawn in text, coloured from the theme's variables."""
