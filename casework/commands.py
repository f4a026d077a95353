"""The words that make `casework …` run the headless CLI instead of the desktop app.

Kept apart from cli.py so starting the desktop app does not import the whole CLI (and with it
every service) just to read this list.
"""

COMMANDS = (
    "init",
    "add-user",
    "passwd",
    "remove-user",
    "rotate-key",
    "backup",
    "restore",
    "verify",
    "show-key",
    "print",
    "workshop",
    "exchange",
    "server",
)
