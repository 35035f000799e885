"""Documents made of the services' facts (the weekly review), the same from every edge."""
