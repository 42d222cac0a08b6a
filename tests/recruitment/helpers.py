import re
from urllib.parse import urlsplit


def confirm_path_from(message) -> str:
    """The path of the confirmation link in a sent email."""
    match = re.search(r"https?://\S+/join/confirm/[^/\s]+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path
