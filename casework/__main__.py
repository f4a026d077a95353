"""`python -m casework`: the same entry point as `python main.py` and the `casework` script."""

from casework.app import main

raise SystemExit(main())
