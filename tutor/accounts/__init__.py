"""Class mode's accounts: argon2id passwords, roles (learner, teacher), lockout, sign-in log.

Kept in the progress database (``AccountStore`` shares the progress store's engine), so a
class's app processes share them through PostgreSQL like everything else.
"""

from tutor.accounts.records import ROLES, Account, Role, SignInEvent, name_key
from tutor.accounts.service import add_user, change_password, import_roster, oidc_account, sign_in
from tutor.accounts.store import AccountStore, open_account_store

__all__ = [
    "ROLES",
    "Account",
    "AccountStore",
    "Role",
    "SignInEvent",
    "add_user",
    "change_password",
    "import_roster",
    "name_key",
    "oidc_account",
    "open_account_store",
    "sign_in",
]
