"""gunicorn settings, read automatically when gunicorn starts in this folder (`gunicorn wsgi:app`)."""

import os

bind = os.environ.get("HOTLINE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Twilio gives up on a webhook after 15 seconds: a stuck worker is killed well before that.
timeout = 10
graceful_timeout = 10
keepalive = 5
# Request line without the query string, and no headers or bodies: nothing that names a texter.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"


def post_worker_init(worker: object) -> None:
    # Each worker loads the language model and ZIP table (about 2 s) before it takes a text.
    from hotline.conversation.engine import warm_up

    warm_up()
