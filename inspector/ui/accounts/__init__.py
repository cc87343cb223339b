"""Signing in and accounts: the first start (the administrator's password), the sign-in dialog, the change of
one's own password, and the administrator's users dialog. The rules are in services.accounts; these
screens show its Vietnamese messages as they are."""
