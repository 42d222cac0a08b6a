"""Run by a test in a process of its own: take a delivery mark up to one step, then die at once,
the way kill -9 would, without closing anything.

    python -m tests.newsletters.mark_and_die <row id> <claim token> <hold|commit>
"""

import os
import sys

import django


def main() -> None:
    row_id, token, last_step = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    django.setup()
    from portal.newsletters.marking import mark_session

    with mark_session(token=token, pipelined=True) as marks:
        mark = marks.mark(row_id=row_id, message_id=f"<row-{row_id}@test>")
        mark.stage()
        if not mark.hold():
            os._exit(3)
        if last_step == "commit":
            mark.commit()
        sys.stdout.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
