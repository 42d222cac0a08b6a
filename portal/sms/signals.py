"""Apps answer inbound texts without this base knowing them: a receiver of `text_received`
(sender: the normalized number; keyword argument `body`) returns a reply, or None when the
message is not for it. The first reply wins."""

from django.dispatch import Signal

text_received = Signal()
