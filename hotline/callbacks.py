"""Callback requests: a family's number sealed on arrival to a key only the legal-aid organization's
callback staff can open, erased after the call or when the request expires (issue 20).

- The organization's keypair is made by `hotline callbacks keygen`. The public key is kept as it is;
  the private key only encrypted (XSalsa20-Poly1305, libsodium's secretbox) under a key derived
  from a passphrase with argon2id (libsodium's pwhash). The passphrase is never stored: the server
  holds nothing that opens a sealed number.
- A number is sealed with a sealed box (X25519, anonymous sender) to the current public key.
- Beside the sealed number a request keeps only what a worker needs to prepare: the language, the
  county if known, the last topic, the hour it was asked (rounded down) and when it expires. It
  names no conversation: the conversation row points to the request, never the other way.
- "called" and "wrong number" delete the request at once; "no answer" keeps it for one more try.
  `hotline purge` deletes every request past its expiry.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from nacl import pwhash, utils
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .accounts import Actor, audit
from .models import CallbackKey, CallbackRequest
from .said import N_, Said, SaidError

# A request lives this long unless HOTLINE_CALLBACK_HOURS says otherwise.
DEFAULT_HOURS = 72
# The shortest passphrase the organization may choose.
MIN_PASSPHRASE = 12
# argon2id's cost: libsodium's "moderate" (about 0.7 s and 256 MiB here), paid once per opening.
OPS, MEM = pwhash.argon2id.OPSLIMIT_MODERATE, pwhash.argon2id.MEMLIMIT_MODERATE
OUTCOMES = ("called", "no-answer", "wrong-number")


class CallbackError(SaidError):
    """A callback action that cannot be done; the message says why, for the person."""


class WrongPassphrase(CallbackError):
    """The passphrase does not open the private key."""


class Expired(CallbackError):
    """The request is past its expiry: the caller erases it (purge_expired) in a transaction of its
    own, since this one is rolled back with the refusal."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode())


def _box(passphrase: str, salt: bytes, ops: int, mem: int) -> SecretBox:
    key = pwhash.argon2id.kdf(
        SecretBox.KEY_SIZE, passphrase.encode(), salt, opslimit=ops, memlimit=mem
    )
    return SecretBox(key)


def lock(private: PrivateKey, passphrase: str) -> dict[str, object]:
    """The private key, encrypted under the passphrase, as the database keeps it."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise CallbackError(Said(N_("Choose a passphrase of at least %(least)s characters."),
                                 least=MIN_PASSPHRASE))  # fmt: skip
    salt = utils.random(pwhash.argon2id.SALTBYTES)
    locked = _box(passphrase, salt, OPS, MEM).encrypt(bytes(private))
    return {"salt": _b64(salt), "ops": OPS, "mem": MEM, "box": _b64(bytes(locked))}


def unlock(locked: dict[str, object], passphrase: str) -> PrivateKey:
    """The private key, for this request only; WrongPassphrase if the passphrase does not open it."""
    box = _box(passphrase, _unb64(str(locked["salt"])), int(str(locked["ops"])),
               int(str(locked["mem"])))  # fmt: skip
    try:
        return PrivateKey(box.decrypt(_unb64(str(locked["box"]))))
    except CryptoError as problem:
        raise WrongPassphrase(
            Said(N_("That passphrase does not open the callback key."))
        ) from problem


def current_key(session: Session) -> CallbackKey | None:
    """The key new requests are sealed to, if the organization made one."""
    return session.scalars(
        select(CallbackKey).where(CallbackKey.retired_at.is_(None)).order_by(CallbackKey.id.desc())
    ).first()


def keygen(session: Session, actor: Actor, passphrase: str) -> CallbackKey:
    """Make the organization's keypair. Refused while a key is in use: rotate it instead."""
    if current_key(session) is not None:
        raise CallbackError(Said(N_("A callback key exists already: rotate it to change it.")))
    private = PrivateKey.generate()
    key = CallbackKey(public_key=_b64(bytes(private.public_key)), locked=lock(private, passphrase))
    session.add(key)
    session.flush()
    audit(session, actor, "callback_key_made", str(key.id))
    return key


def rotate(session: Session, actor: Actor, old_passphrase: str, new_passphrase: str) -> int:
    """A new keypair; every open request is re-sealed to it and the old key is retired. Returns how
    many requests were re-sealed. The old passphrase must open the old key."""
    old = current_key(session)
    if old is None:
        raise CallbackError(Said(N_("There is no callback key yet: make one first.")))
    opened = unlock(old.locked, old_passphrase)
    private = PrivateKey.generate()
    new = CallbackKey(
        public_key=_b64(bytes(private.public_key)), locked=lock(private, new_passphrase)
    )
    session.add(new)
    session.flush()
    resealed = 0
    for request in session.scalars(select(CallbackRequest).with_for_update()):
        number = SealedBox(opened).decrypt(request.sealed)
        request.sealed = SealedBox(private.public_key).encrypt(number)
        request.key_id = new.id
        resealed += 1
    old.retired_at = datetime.now(UTC)
    old.locked = {}  # nothing left that could open the old requests, once they are re-sealed
    audit(session, actor, "callback_key_rotated", str(new.id), resealed=resealed)
    return resealed


@dataclass(frozen=True)
class Asked:
    """What the family's request keeps beside the sealed number."""

    language: str
    county: str | None = None
    topic: str | None = None


def file_request(
    session: Session, number: str, asked: Asked, now: datetime, hours: int = DEFAULT_HOURS
) -> CallbackRequest:
    """Seal the number to the current key and keep the request; the caller's transaction commits
    it with the reply. CallbackError when no key is configured."""
    key = current_key(session)
    if key is None:
        raise CallbackError(Said(N_("Callbacks are not offered: no callback key is configured.")))
    sealed = SealedBox(PublicKey(_unb64(key.public_key))).encrypt(number.encode())
    # Both times on the hour: the expiry, like the asking, never gives the minute a text came in
    # (a carrier's record of that text could be matched to it).
    hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    request = CallbackRequest(
        id=secrets.token_hex(8),
        sealed=bytes(sealed),
        key_id=key.id,
        language=asked.language,
        county=asked.county,
        topic=asked.topic,
        asked_hour=hour,
        expires_at=hour + timedelta(hours=hours),
    )
    session.add(request)
    return request


def open_request(
    session: Session, actor: Actor, request_id: str, passphrase: str, now: datetime
) -> str:
    """The family's number, opened with the organization's passphrase, audited."""
    request = _open_one(session, request_id, now)
    key = session.get(CallbackKey, request.key_id)
    if key is None or not key.locked:
        raise CallbackError(Said(N_("The callback key changed: open the request again.")))
    number = SealedBox(unlock(key.locked, passphrase)).decrypt(request.sealed).decode()
    audit(session, actor, "callback_opened", request.id)
    return number


def done(session: Session, actor: Actor, request_id: str, outcome: str, now: datetime) -> None:
    """Record a call's outcome: "called" and "wrong-number" erase the request (and its sealed
    number) at once; "no-answer" keeps it for one more try."""
    if outcome not in OUTCOMES:
        raise CallbackError(Said(N_("The outcome must be one of: %(outcomes)s."),
                                 outcome=outcome, outcomes=", ".join(OUTCOMES)))  # fmt: skip
    request = _open_one(session, request_id, now)
    if outcome == "no-answer" and request.tries == 0:
        request.tries = 1
    else:
        session.delete(request)
    audit(session, actor, "callback_done", request.id, outcome=outcome)


def _open_one(session: Session, request_id: str, now: datetime) -> CallbackRequest:
    request = session.get(CallbackRequest, request_id[:16], with_for_update=True)
    if request is None:
        raise CallbackError(
            Said(N_("That request is closed: a colleague finished it, or it expired."))
        )
    if request.expires_at <= now:
        raise Expired(Said(N_("That request expired and was erased.")))
    return request


def open_requests(session: Session) -> list[CallbackRequest]:
    """The open requests, oldest first, as the queue lists them (never a number)."""
    return list(session.scalars(select(CallbackRequest).order_by(CallbackRequest.asked_hour)))


def purge_expired(session: Session, now: datetime) -> int:
    """Erase every request past its expiry; how many."""
    gone = session.execute(delete(CallbackRequest).where(CallbackRequest.expires_at <= now))
    return int(gone.rowcount)  # type: ignore[attr-defined]


def erase(session: Session, request_id: str | None) -> None:
    """A family's DELETE: their request goes with the rest of what the hotline keeps."""
    if request_id:
        session.execute(delete(CallbackRequest).where(CallbackRequest.id == request_id))
