"""The development backend prints one line per email and keeps the whole message in var/mail/."""

from pathlib import Path

from django.core.mail import EmailMultiAlternatives, get_connection


def test_dev_backend_prints_one_line_per_email_and_keeps_bodies_in_files(
    settings, tmp_path, capsys
):
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    body = "\n".join(f"Line {n} of a long newsletter body" for n in range(200))
    messages = []
    for n in range(2):
        message = EmailMultiAlternatives(
            subject=f"Newsletter number {n}", body=body, to=[f"reader{n}@example.org"]
        )
        message.attach_alternative(f"<p>{body}</p>", "text/html")
        messages.append(message)

    sent = get_connection("portal.mail.ConsoleAndFileEmailBackend").send_messages(messages)

    assert sent == 2
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 2
    for n, line in enumerate(printed):
        assert f"reader{n}@example.org" in line
        assert f"Newsletter number {n}" in line
        path = Path(line.rsplit(" ", 1)[-1])
        assert path.parent == tmp_path / "mail"
        assert "Line 199 of a long newsletter body" in path.read_text()
    assert "Line 1 of" not in "\n".join(printed)
