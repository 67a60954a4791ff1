"""`runstrong admin`: the accounts of a server many runners share (`serve --multi-user`).

No mail server is needed: an admin makes the accounts and prints one-time reset links,
which they hand over however they like.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

admin_app = typer.Typer(
    help="Accounts on a server with accounts (serve --multi-user).", no_args_is_help=True
)


def _password(stdin: bool) -> str:
    """Asked twice, unseen, on a terminal; one line of stdin with --password-stdin."""
    from runstrong.domain.errors import InvalidInput

    if stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInput("--password-stdin", "stdin gave no password; send it as one line")
        return line
    if not sys.stdin.isatty():
        raise InvalidInput(
            "--password-stdin", "without a terminal to ask on, send the password on stdin"
        )
    first = typer.prompt("Password (at least 10 characters)", hide_input=True)
    if typer.prompt("The same again", hide_input=True) != first:
        raise InvalidInput("password", "the two did not match; nothing was made")
    return str(first)


@admin_app.command("create-user")
def create_user(
    username: Annotated[str, typer.Argument(help="3 to 40 letters, digits, dots, dashes")],
    role: Annotated[str, typer.Option(help="runner, coach or admin")] = "runner",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from stdin")
    ] = False,
) -> None:
    """Make an account. A runner's account starts their training at /start."""
    import datetime as dt

    from runstrong.adapters.passwords import Argon2idHasher
    from runstrong.entrypoints import log_commands, render
    from runstrong.services import accounts

    password = _password(password_stdin)
    made = accounts.create_user(
        log_commands.storage(create=True), Argon2idHasher(), username, password, role,
        dt.datetime.now(dt.UTC),
    )  # fmt: skip
    from rich.text import Text

    render.console.print(Text(f"Made the {made.role} account {made.username}."))


@admin_app.command("list-users")
def list_users() -> None:
    """Every account: its role, whether it has training of its own, and when it was made."""
    from rich.table import Table

    from runstrong.entrypoints import log_commands, render
    from runstrong.services import accounts

    found = accounts.users(log_commands.storage(create=True))
    if not found:
        render.console.print("No accounts yet: `runstrong admin create-user NAME` makes one.")
        return
    table = Table("username", "role", "training", "made")
    for user in found:
        table.add_row(
            user.username,
            user.role,
            "yes" if user.runner_id else "",
            user.created_at.date().isoformat(),
        )
    render.console.print(table)


@admin_app.command("reset-link")
def reset_link(
    username: Annotated[str, typer.Argument(help="the account whose password is forgotten")],
    base_url: Annotated[
        str, typer.Option(help="where the server is reached, as its users type it")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Print a one-time link that sets a new password (it works for 24 hours)."""
    import datetime as dt

    from rich.text import Text

    from runstrong.entrypoints import log_commands, render
    from runstrong.services import accounts

    token, expires = accounts.reset_link(
        log_commands.storage(create=True), username, dt.datetime.now(dt.UTC)
    )
    render.console.print(Text(f"{base_url.rstrip('/')}/reset/{token}"), soft_wrap=True)
    render.console.print(
        Text(f"It works once, until {expires:%Y-%m-%d %H:%M} UTC; hand it to {username.strip()}.")
    )
