"""E-mail for the consultation service: the SMTP server setting, receipt messages, sending them."""
