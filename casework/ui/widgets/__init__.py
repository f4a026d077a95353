"""The shared form kit: combos, date fields, form dialogs, flow layout and row models used by every
screen, so no screen package imports another."""
