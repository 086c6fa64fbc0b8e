"""Security measures of the consultation service: passwords, CSRF, throttling, headers, limits."""
