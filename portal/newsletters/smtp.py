"""SMTP sending that records a message as sent at the moment the server may accept it.

An SMTP server accepts a message when it reads the final "." of the DATA phase, and drops it if
the connection breaks before that. The ledger row's mark (see marking.py) is staged while the
body goes out and committed in the write just before the final ".": a worker killed earlier
leaves the server a broken message it discards (the row is sent again later, once).
"""

import smtplib
import socket

from django.conf import settings
from django.core.mail.message import sanitize_address

from portal.mail import AcceptanceUnknown

__all__ = ["AcceptanceUnknown", "ClaimLost", "send_with_commit_before_accept"]


class ClaimLost(Exception):
    """The row was no longer this worker's: the message was abandoned before the server could
    accept it."""


def send_with_commit_before_accept(backend, message, *, mark) -> None:
    """Send one message over an open Django SMTP backend, committing `mark` (see marking.py)
    right before the server can accept it. If the mark cannot be held the message is abandoned
    (the connection is dropped mid-DATA, so the server discards it) and ClaimLost is raised.
    Otherwise raises smtplib errors like Django's backend does."""
    connection = backend.connection
    encoding = message.encoding or settings.DEFAULT_CHARSET
    from_email = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    data = message.message().as_bytes(linesep="\r\n")

    connection.ehlo_or_helo_if_needed()
    options = []
    if connection.does_esmtp and connection.has_extn("size"):
        options.append(f"size={len(data)}")
    code, reply = connection.mail(from_email, options)
    if code != 250:
        connection.rset()
        raise smtplib.SMTPSenderRefused(code, reply, from_email)
    refused = {}
    for recipient in recipients:
        code, reply = connection.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
    if len(refused) == len(recipients):
        connection.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = connection.docmd("data")
    if code != 354:
        connection.rset()
        raise smtplib.SMTPDataError(code, reply)
    # The final "." goes out as its own small write; without TCP_NODELAY, Nagle's algorithm
    # holds it until the server's delayed ACK (~40 ms per message).
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    body = smtplib._quote_periods(data)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    try:
        mark.stage()
        connection.send(body)
        if not mark.hold():
            raise ClaimLost
    except BaseException:
        try:
            mark.abandon()
        finally:
            _drop(backend)
        raise
    mark.commit()
    try:
        connection.send(b".\r\n")
    finally:
        mark.settle()
    try:
        code, reply = connection.getreply()
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        _drop(backend)
        raise AcceptanceUnknown(str(error)) from error
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def _drop(backend) -> None:
    """Abandon the message: close the socket mid-DATA (a polite QUIT would be read as part of
    the message), so the server discards it. The backend opens a new connection next time."""
    try:
        backend.connection.close()
    finally:
        backend.connection = None
