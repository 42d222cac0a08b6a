"""Recording a ledger row as sent at the moment the mail server may accept its message.

No sender can have exactly-once over SMTP by itself: the server accepts a message when it reads
the final "." and the sender learns it only from the reply, so a sender killed in between leaves
one message whose fate it cannot know. What a sender can choose is which way that gap fails and
how wide it is. We fail towards "not sent" (a message lost, never one sent twice), and we narrow
the gap to the space between two system calls:

1. before the message body goes out, the row's mark is staged in an open transaction, on a
   connection of its own (the database runs it while the body is written);
2. after the body, we wait for the staging: a row another worker has taken over is rolled back and
   its message abandoned mid-DATA, which the server discards;
3. COMMIT is written to the database without waiting for its answer, and the final "." is the very
   next write. Once COMMIT has left, the database commits whether or not this process lives to
   read the answer; a process killed before that rolls the staged mark back with its connection,
   and the server drops the unfinished message, so the row is sent later, once.

On PostgreSQL this uses libpq's asynchronous calls through psycopg's public `pq` layer. Other
databases (SQLite in development) commit the mark and wait for it before the final ".", which
leaves a round trip's worth of gap instead of a few microseconds.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager, suppress

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from psycopg import pq
from psycopg.conninfo import make_conninfo

from portal.newsletters.models import Delivery

logger = logging.getLogger(__name__)

# The libpq connection keywords Django's settings can carry; anything else in Django's
# connection parameters (cursor factories, adapters) is psycopg-only.
_LIBPQ_KEYWORDS = {
    "dbname",
    "user",
    "password",
    "host",
    "port",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "passfile",
    "service",
    "options",
    "application_name",
    "connect_timeout",
    "target_session_attrs",
}


class CommitFirstMark:
    """The portable mark: committed, and waited for, before the final "."."""

    def __init__(self, *, row_id: int, token: str, message_id: str):
        self.row_id = row_id
        self.token = token
        self.message_id = message_id

    def stage(self) -> None:
        """Nothing to start ahead on this path."""

    def hold(self) -> bool:
        updated = Delivery.objects.filter(
            pk=self.row_id, claim_token=self.token, status=Delivery.Status.CLAIMED
        ).update(
            status=Delivery.Status.SENT,
            sent_at=timezone.now(),
            message_id=self.message_id[:255],
        )
        return bool(updated)

    def commit(self) -> None:
        """Already committed by `hold`."""

    def settle(self) -> None:
        """Nothing outstanding."""

    def abandon(self) -> None:
        """Nothing staged: a row marked by `hold` is put back by the sender's error handling."""


class PipelinedMark:
    """The PostgreSQL mark: staged before the body, committed in the write before the "."."""

    def __init__(self, *, pgconn, row_id: int, token: str, message_id: str):
        self.pgconn = pgconn
        self.row_id = row_id
        self.token = token
        self.message_id = message_id[:255]
        self.in_transaction = False
        self.pending = False

    def stage(self) -> None:
        # BEGIN and the UPDATE share one message, so staging costs no round trip of its own:
        # its answer is read in `hold`, after the body has gone out. Several statements in one
        # simple query are allowed only with literal values, hence the escaping.
        quote = pq.Escaping(self.pgconn).escape_literal
        table = pq.Escaping(self.pgconn).escape_identifier(Delivery._meta.db_table.encode())
        self.pgconn.send_query(
            b"BEGIN; UPDATE "
            + table
            + b" SET status = "
            + quote(Delivery.Status.SENT.value.encode())
            + b", sent_at = "
            + quote(timezone.now().isoformat().encode())
            + b", message_id = "
            + quote(self.message_id.encode())
            + b" WHERE id = "
            + str(int(self.row_id)).encode()
            + b" AND claim_token = "
            + quote(self.token.encode())
            + b" AND status = "
            + quote(Delivery.Status.CLAIMED.value.encode())
        )
        self.in_transaction = True
        self.pending = True

    def hold(self) -> bool:
        result = self._collect(pq.ExecStatus.COMMAND_OK)
        if int(result.command_tuples or 0) == 1:
            return True
        self.abandon()
        return False

    def commit(self) -> None:
        # Deliberately not waited for here: see the module docstring.
        self.pgconn.send_query(b"COMMIT")
        self.pending = True
        self.in_transaction = False

    def settle(self) -> None:
        self._collect(pq.ExecStatus.COMMAND_OK)

    def abandon(self) -> None:
        if self.pending:
            with suppress(DatabaseError):
                self._collect(pq.ExecStatus.COMMAND_OK)
        if self.in_transaction:
            self._run(b"ROLLBACK", pq.ExecStatus.COMMAND_OK)
            self.in_transaction = False

    def _collect(self, expected):
        """Wait for the outstanding commands' results (libpq's blocking mode waits for us);
        return the last one."""
        results = []
        while (result := self.pgconn.get_result()) is not None:
            results.append(result)
        self.pending = False
        failed = [result for result in results if result.status != expected]
        if not results or failed:
            message = failed[0].error_message if failed else self.pgconn.error_message
            raise DatabaseError(message.decode(errors="replace") or "no result")
        return results[-1]

    def _run(self, command: bytes, expected):
        self.pgconn.send_query(command)
        self.pending = True
        return self._collect(expected)


class MarkSession:
    """Makes marks for one batch of one claim; on PostgreSQL they share a connection."""

    def __init__(self, *, token: str, pgconn=None):
        self.token = token
        self.pgconn = pgconn

    def mark(self, *, row_id: int, message_id: str):
        if self.pgconn is None:
            return CommitFirstMark(row_id=row_id, token=self.token, message_id=message_id)
        return PipelinedMark(
            pgconn=self.pgconn, row_id=row_id, token=self.token, message_id=message_id
        )


def _connect_for_marks():
    params = {
        key: value
        for key, value in connection.get_connection_params().items()
        if key in _LIBPQ_KEYWORDS and value not in (None, "")
    }
    pgconn = pq.PGconn.connect(make_conninfo("", **params).encode())
    if pgconn.status != pq.ConnStatus.OK:
        message = pgconn.error_message.decode(errors="replace")
        pgconn.finish()
        raise DatabaseError(f"could not open the connection for delivery marks: {message}")
    if getattr(settings, "NEWSLETTER_ASYNC_COMMIT", True):
        # The commit is still atomic and at once visible to every worker, so a killed worker
        # loses nothing; only a crash of the database server itself could lose the last fraction
        # of a second of marks (those rows would be sent again). Waiting for the disk on every
        # message would cost most of the sending time.
        result = pgconn.exec_(b"SET synchronous_commit TO OFF")
        if result.status != pq.ExecStatus.COMMAND_OK:
            logger.warning("Could not relax commit durability for delivery marks")
    return pgconn


@contextmanager
def mark_session(*, token: str, pipelined: bool):
    """Yield a MarkSession; `pipelined` asks for the narrow-gap marks where the database has them."""
    if not pipelined or connection.vendor != "postgresql":
        yield MarkSession(token=token)
        return
    pgconn = _connect_for_marks()
    try:
        yield MarkSession(token=token, pgconn=pgconn)
    finally:
        # Closing rolls back anything still staged, so no row stays locked behind us.
        pgconn.finish()
