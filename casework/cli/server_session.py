"""An app user's session on an office server, for the commands that act as that user
(`casework print postgresql://HOST/DB …`): their own login role and password, so the server's
policies sit under the command exactly as under the app."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path

from casework.cli.problems import check_path_text
from casework.cli.prompts import Prompter
from casework.errors import CaseworkError
from casework.i18n import N_, _, set_region
from casework.services.context import ServiceContext


@contextlib.contextmanager
def opened_server(args: argparse.Namespace, prompter: Prompter) -> Iterator[ServiceContext]:
    """The acting user's context on the server named by `args.path`; closed on the way out.
    With --ca-file the connection is TLS with the server's certificate checked against it
    (verify-full) and SCRAM-SHA-256 only, as from the login window; without it libpq's own
    settings apply (the address's sslmode=…, PGSSLMODE, ~/.postgresql)."""
    from sqlalchemy.exc import DBAPIError

    from casework.services import server_admin
    from casework.store.server import ServerStore
    from casework.store.server_connection import NO_CA_FILE, client_settings, explain

    server_admin.check_url(args.path)
    if getattr(args, "recovery_key", False) or not args.user:
        raise CaseworkError(N_("On an office server, say who is acting with --user NAME."))
    ca_file = getattr(args, "ca_file", None)
    settings = None
    if ca_file:
        ca = check_path_text(ca_file)
        if not ca.is_file():
            raise CaseworkError(NO_CA_FILE)
        settings = client_settings(Path(ca))
    password = prompter.existing(_("Password for {user}: ").format(user=args.user))
    try:
        store = ServerStore.open(args.path, args.user, password, connect_args=settings)
    except DBAPIError as exc:
        error = explain(exc)
        if error is None:
            raise
        raise error from None
    try:
        set_region(store.meta("country"))
        yield ServiceContext.for_vault(store)
    finally:
        store.close()
