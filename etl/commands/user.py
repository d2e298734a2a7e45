"""`python -m etl user add|list|remove|password|role`: manage the accounts of the dashboard.

Passwords are read from the terminal (hidden) or, when stdin is not a terminal, from the first line of stdin;
never from the command line, where they would stay in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from petakesos._errors import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="manage dashboard users (add, list, remove, password, role)")
    p.add_argument("--users", help="accounts file (default: setting PETAKESOS_USERS, beside the store)")
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user; the password is asked for (or read from stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["analis", "operator", "admin"])
    add.add_argument("--wilayah", default="", help="region scope, e.g. 33 or 33.71 (analis/operator); 'indonesia' for an analyst of the whole country")
    actions.add_parser("list", help="list users (never their passwords)")
    rm = actions.add_parser("remove", help="remove a user and end their sessions")
    rm.add_argument("name")
    pw = actions.add_parser("password", help="set a new password (also unlocks the account)")
    pw.add_argument("name")
    role = actions.add_parser("role", help="change a user's role and region")
    role.add_argument("name")
    role.add_argument("--role", required=True, choices=["analis", "operator", "admin"])
    role.add_argument("--wilayah", default="")
    p.set_defaults(run=run)


def read_password(prompt: str = "Kata sandi: ") -> str:
    """From the terminal (asked twice, hidden) or the first line of stdin when it is a pipe."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Ulangi kata sandi: ") != first:
            raise UserError("kedua kata sandi tidak sama")
        return first
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return f"cli:{os.getuid()}"


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from petakesos.auth.accounts import Accounts, region_codes

    accounts = Accounts(Path(args.users) if args.users else None)
    by = _actor()
    if args.action == "add":
        who = accounts.add_user(args.name, args.role, args.wilayah, read_password(), by=by,
                                known_regions=region_codes())
        print(f"Pengguna ditambahkan: {who.label}")
    elif args.action == "list":
        users = accounts.users()
        if users.empty:
            print(f"Belum ada pengguna di {accounts.path}.")
        else:
            print(users.fillna("").to_string(index=False))
    elif args.action == "remove":
        accounts.remove_user(args.name, by=by)
        print(f"Pengguna dihapus: {args.name}")
    elif args.action == "password":
        accounts.set_password(args.name, read_password("Kata sandi baru: "), by=by)
        print(f"Kata sandi {args.name} diganti; sesi yang terbuka diakhiri.")
    elif args.action == "role":
        accounts.set_role(args.name, args.role, args.wilayah, by=by, known_regions=region_codes())
        print(f"Peran {args.name} diubah.")
    return 0
