"""Database operations behind the pages and commands, each in one transaction."""
