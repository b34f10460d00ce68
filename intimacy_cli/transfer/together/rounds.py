"""What one profile does in couple mode: pair, open rounds, seal its answers,
release its key and reveal; and forget it all again. Domain logic only, no
terminal: the commands ask and show, this decides and writes."""

from __future__ import annotations

import base64
import contextlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Journal
from intimacy_cli.store.together import StoredKeys, StoredRound
from intimacy_cli.transfer.together import exchange
from intimacy_cli.transfer.together.protocol import (
    FORMAT,
    Card,
    Couple,
    ForeignFile,
    OwnKeys,
    RoundFile,
    SealedFile,
    TogetherFileError,
    b64,
    endorse,
    make_round,
    open_sealed,
    parse,
    read_card,
    read_key,
    read_partner,
    read_round,
    read_sealed,
    release,
    seal,
)

Status = Literal["your-answers", "partner-answers", "ready", "partner-reveal"]
MIN_PREFIX = 4


class RoundNotFound(IntimacyError):
    """No round (or more than one) has the id given."""


class NotPaired(IntimacyError):
    """Couple mode needs a confirmed partner first."""


class AlreadyPaired(IntimacyError):
    """A profile pairs with one partner at a time."""


@dataclass(frozen=True)
class RoundState:
    """One round as this profile sees it now."""

    file: RoundFile
    stored: StoredRound | None
    mine: SealedFile | None
    theirs: SealedFile | None
    their_key: bytes | None  # their key file, if they released it

    @property
    def id(self) -> str:
        return self.file.round

    @property
    def status(self) -> Status:
        if self.mine is None:
            return "your-answers"
        if self.theirs is None:
            return "partner-answers"
        if self.their_key is None and self.stored is not None and self.stored.released:
            return "partner-reveal"
        return "ready"


@dataclass(frozen=True)
class Revealed:
    round: RoundState
    mine: dict[str, Any]
    theirs: dict[str, Any]


class Profile:
    """One profile's couple mode: its journal, its files and the shared folder."""

    def __init__(self, journal: Journal, shared: Path) -> None:
        self.journal = journal
        self.paths: DataPaths = journal.paths
        self.shared = shared

    # -- keys and pairing ------------------------------------------------------------

    def own_keys(self) -> OwnKeys | None:
        stored = self.journal.together.keys()
        return None if stored is None else _own_keys(stored)

    def ensure_keys(self, name: str) -> OwnKeys:
        """This profile's keys, made on first use; its public card is (re)written."""
        keys = self.own_keys()
        if keys is None:
            made = OwnKeys.generate(name)
            stored = self.journal.together.keep_keys(
                StoredKeys(made.name, b64(made.x25519), b64(made.ed25519))
            )
            keys = _own_keys(stored)
        card = keys.card_file()
        if exchange.read_if_there(self.paths.own_card) != card:
            exchange.write_file(self.paths.own_card, card)
        return keys

    def partner(self) -> Card | None:
        # The card first: a profile never paired need not read its journal.
        data = exchange.read_if_there(self.paths.partner_card)
        keys = self.own_keys() if data is not None else None
        if keys is None or data is None:
            return None
        return read_partner(data, str(self.paths.partner_card), keys)

    def couple(self) -> Couple:
        keys, partner = self.own_keys(), self.partner()
        if keys is None or partner is None:
            raise NotPaired("this profile is not paired with a partner yet")
        return Couple(keys, partner)

    def check_card(self, data: bytes, source: str) -> Card:
        """A partner's card, before the phrase is confirmed: sound, and not ours."""
        card = read_card(data, source)
        keys = self.own_keys()
        if keys is not None and card.fingerprint == keys.card().fingerprint:
            raise TogetherFileError(source, "it is this profile's own card, not a partner's")
        partner = self.partner()
        if partner is not None and partner.fingerprint != card.fingerprint:
            raise AlreadyPaired(f"this profile is already paired with {partner.name}")
        return card

    def confirm(self, card_file: bytes) -> None:
        """The phrase matched: keep the partner's card, signed by this profile."""
        keys = self.own_keys()
        assert keys is not None, "keys are made before a card is compared"
        exchange.write_file(self.paths.partner_card, endorse(keys, card_file))

    def unpair(self) -> None:
        """Forget the partner: their card, every round and every file of this
        couple in the shared folder; this profile's keys go too (a new pairing
        gets new ones)."""
        keys = self.own_keys()
        partner = self.partner() if keys is not None else None
        fingerprints = [keys.card().fingerprint] if keys is not None else []
        if partner is not None:
            fingerprints.append(partner.fingerprint)
        for path in couple_files(self.shared, fingerprints):
            exchange.remove_file(path)
        exchange.remove_file(self.paths.partner_card)
        exchange.remove_file(self.paths.own_card)
        self.journal.together.forget()

    # -- rounds ----------------------------------------------------------------------

    def open_round(self, lesson: str, questions: list[str], created_at: str) -> RoundState:
        couple = self.couple()
        round_id = str(uuid.uuid4())
        data = make_round(couple, round_id, lesson, questions, created_at)
        exchange.write_file(exchange.round_path(self.shared, round_id), data)
        self.journal.together.add_round(round_id, lesson, data.decode("ascii"))
        return self.round(round_id)

    def rounds(self) -> list[RoundState]:
        """Every round of this couple: opened here, or found in the shared folder."""
        couple = self.couple()
        stored = {r.id: r for r in self.journal.together.rounds()}
        files: dict[str, RoundFile] = {}
        for round_id, record in stored.items():
            files[round_id] = read_round(record.round_file.encode("ascii"), round_id, couple)
        for path in exchange.round_files(self.shared):
            if path.name.split(".")[0] in files:
                continue
            try:
                found = read_round(exchange.read_file(path), str(path), couple)
            except ForeignFile:
                continue  # another couple's round on this computer
            files[found.round] = found
        states = [self._state(couple, f, stored.get(f.round)) for f in files.values()]
        return sorted(states, key=lambda state: state.file.created_at)

    def round(self, wanted: str) -> RoundState:
        """A round by its id, or enough of its start to be unique."""
        wanted = wanted.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise RoundNotFound(f"give at least {MIN_PREFIX} characters of the round id")
        matches = [state for state in self.rounds() if state.id.startswith(wanted)]
        if len(matches) != 1:
            what = "no round" if not matches else f"{len(matches)} rounds"
            raise RoundNotFound(f"{what} with an id starting '{wanted}'")
        return matches[0]

    def _state(self, couple: Couple, file: RoundFile, stored: StoredRound | None) -> RoundState:
        mine = None
        if stored is not None and stored.sealed is not None:
            data = stored.sealed.encode("ascii")
            mine = read_sealed(data, f"round {file.round}", couple, file)
            path = exchange.sealed_path(self.shared, file.round, couple.me)
            if exchange.read_if_there(path) != data:  # deleted or damaged: written again
                exchange.write_file(path, data)
        partner = couple.partner.fingerprint
        theirs_path = exchange.sealed_path(self.shared, file.round, partner)
        theirs_data = exchange.read_if_there(theirs_path)
        theirs = None
        if theirs_data is not None:
            theirs = read_sealed(theirs_data, str(theirs_path), couple, file)
        their_key = exchange.read_if_there(exchange.key_path(self.shared, file.round, partner))
        return RoundState(file, stored, mine, theirs, their_key)

    def seal_answers(self, state: RoundState, shared_answers: Mapping[str, Any]) -> Path:
        """Seal this profile's shared answers; the file goes to the shared folder."""
        couple = self.couple()
        if state.mine is not None:
            raise IntimacyError(f"you have already answered round {state.id}")
        if state.stored is None:
            self.journal.together.add_round(state.id, state.file.lesson, self._round_text(state))
        data, key = seal(couple, state.file, shared_answers)
        path = exchange.sealed_path(self.shared, state.id, couple.me)
        self.journal.together.sealed(state.id, b64(key), data.decode("ascii"))
        exchange.write_file(path, data)
        return path

    def _round_text(self, state: RoundState) -> str:
        return exchange.read_file(exchange.round_path(self.shared, state.id)).decode("ascii")

    def reveal(self, state: RoundState) -> tuple[Path | None, Revealed | None]:
        """Release this profile's key (once both sealed files are here), and the
        answers side by side once the partner's key is here too."""
        couple = self.couple()
        if state.mine is None or state.theirs is None or state.stored is None:
            return None, None
        assert state.stored.key is not None
        own_key = base64.b64decode(state.stored.key)
        revealed = None
        if state.their_key is not None:  # checked first: a bad file changes nothing
            source = str(exchange.key_path(self.shared, state.id, couple.partner.fingerprint))
            their_key = read_key(state.their_key, source, couple, state.theirs, state.mine)
            mine = open_sealed(state.mine, own_key, f"round {state.id}")
            theirs = open_sealed(state.theirs, their_key, source)
            revealed = Revealed(state, mine, theirs)
        written = None
        key_file = exchange.key_path(self.shared, state.id, couple.me)
        if not state.stored.released or not key_file.exists():
            exchange.write_file(key_file, release(couple, state.mine, state.theirs, own_key))
            self.journal.together.released(state.id)
            written = key_file
        return written, revealed

    def delete_round(self, state: RoundState) -> None:
        for path in exchange.files_of_round(self.shared, state.id):
            exchange.remove_file(path)
        if state.stored is not None:
            self.journal.together.delete_round(state.id)

    # -- a file handed over ----------------------------------------------------------

    def take_in(self, data: bytes, source: str) -> Path:
        """A round, sealed or key file from the partner, checked, into the shared folder."""
        couple = self.couple()
        kind = _kind_of(data, source)
        if kind == "round":
            found = read_round(data, source, couple)
            target = exchange.round_path(self.shared, found.round)
        else:
            document = parse(data, source, kind)
            state = self.round(document["round"])
            if document["from"] != couple.partner.fingerprint:
                raise TogetherFileError(source, "it is not from your partner")
            if kind == "sealed":
                read_sealed(data, source, couple, state.file)
                target = exchange.sealed_path(self.shared, state.id, document["from"])
            else:
                if state.mine is None or state.theirs is None:
                    raise TogetherFileError(
                        source, "it needs both sealed files of its round here first"
                    )
                read_key(data, source, couple, state.theirs, state.mine)
                target = exchange.key_path(self.shared, state.id, document["from"])
        exchange.write_file(target, data)
        return target


def _own_keys(stored: StoredKeys) -> OwnKeys:
    return OwnKeys(stored.name, base64.b64decode(stored.x25519), base64.b64decode(stored.ed25519))


def couple_files(shared: Path, fingerprints: list[str]) -> list[Path]:
    """Every file in the shared folder written by, or for, anyone with one of
    ``fingerprints``: what unpairing or removing a profile deletes."""
    if not fingerprints or not shared.is_dir():
        return []
    found = {
        path
        for fp in fingerprints
        for path in shared.glob(f"*.{fp}.*")
        if path.name.endswith(exchange.SUFFIXES)
    }
    for path in exchange.round_files(shared):
        # Unreadable or damaged round files are judged by name alone.
        with contextlib.suppress(TogetherFileError, ValueError, AttributeError):
            couple = json.loads(exchange.read_file(path)).get("couple", [])
            if set(couple) & set(fingerprints):
                found.update(exchange.files_of_round(shared, path.name.split(".")[0]))
    return sorted(found)


def _kind_of(data: bytes, source: str) -> str:
    try:
        document = json.loads(data)
    except ValueError:
        raise TogetherFileError(source, "it is not a together file (not JSON)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TogetherFileError(source, "it is not a together file")
    kind = document.get("kind")
    if kind not in ("round", "sealed", "key"):
        raise TogetherFileError(source, "it is not a round, sealed or key file")
    return str(kind)
