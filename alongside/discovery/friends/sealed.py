"""Sealing a friend's address for its short trip through the database and the task queue.

Fernet (AES with an HMAC) under a key derived from SECRET_KEY: anyone reading the database
or the task rows sees a token, not the address. Rotating SECRET_KEY makes sealed addresses
unreadable; their emails are then given up, which loses only mail still in the queue.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken
from django.utils.crypto import salted_hmac

KEY_SALT = "alongside.discovery.friends.sealed-address"


def _fernet() -> Fernet:
    key = salted_hmac(KEY_SALT, "fernet", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(address: str) -> str:
    return _fernet().encrypt(address.encode()).decode()


def unseal(token: str) -> str | None:
    """The address, or None when the token cannot be read (another key, or tampered with)."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None
