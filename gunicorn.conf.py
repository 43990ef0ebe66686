"""gunicorn settings, read automatically when gunicorn starts in this folder (`gunicorn wsgi:app`)."""

import os
import sys

bind = os.environ.get("HOTLINE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads let a worker answer a text while other connections are still sending their bodies, so a
# few slow (or hostile) clients cannot hold every worker. Put a buffering proxy in front as well
# (docs/scaling.md): it reads whole requests before gunicorn sees them.
worker_class = "gthread"
threads = int(os.environ.get("HOTLINE_THREADS", "8"))
# Twilio gives up on a webhook after 15 seconds: a stuck worker is killed well before that. Every
# database wait is bounded well below it (hotline/db.py).
timeout = 10
graceful_timeout = 10
keepalive = 5
# Load the app, the language model and the ZIP table once, before forking: the workers share those
# pages instead of each holding its own copy (about 100 MB each).
preload_app = True
# Method, path without the query string, status and duration; no headers, no bodies: nothing that
# names a texter. No response size (%(b)s, %(B)s) either: it tells which page a text was sent.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(M)sms'
errorlog = "-"


def when_ready(server: object) -> None:
    # The master has imported the app (preload_app): warm what the workers will share.
    from hotline.conversation.engine import warm_up

    warm_up()


def pre_fork(server: object, worker: object) -> None:
    import gc

    from hotline.conversation.engine import warm_up

    warm_up()  # a no-op once warm; here in case a worker is forked before when_ready
    # Everything loaded so far lives as long as the server: keep the collector off it, so a worker
    # does not copy the shared pages just by scanning them.
    gc.freeze()


def post_fork(server: object, worker: object) -> None:
    # A connection pool must not cross a fork: each worker opens its own connections.
    wsgi = sys.modules.get("wsgi")
    app = getattr(wsgi, "app", None)
    if app is not None:
        app.extensions["hotline.engine"].dispose(close=False)
