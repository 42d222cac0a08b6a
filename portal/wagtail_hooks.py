"""The shared base has no admin screens of its own. Newsletters and insights are apps now, and
Wagtail finds their `wagtail_hooks` modules itself; nothing is forwarded from here."""
