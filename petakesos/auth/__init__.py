"""Who may see and change what: accounts and passwords (argon2id), sessions that expire, lock-out after repeated
failed sign-ins, roles scoped to a region, the audit log and the upload history.

- `roles`: the rules (publik / analis / operator / admin, region scope), pure functions, no I/O.
- `passwords`: hashing and verification through argon2-cffi (no home-made hashing).
- `accounts`: the accounts file (SQLite, setting PETAKESOS_USERS): users, sessions, audit, upload history.
- `access`: what a person sees: the indicator source for their role and region, export marking.
- `text`: the Indonesian UI strings of sign-in and administration.
"""

from petakesos.auth.roles import ANONYMOUS, ROLES, Principal

__all__ = ["ANONYMOUS", "ROLES", "Principal"]
