"""`python main.py`: start Casework (with a subcommand, run the administration CLI)."""

from casework.app import main

if __name__ == "__main__":
    raise SystemExit(main())
