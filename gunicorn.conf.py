"""gunicorn settings, read automatically when gunicorn starts in this folder (`gunicorn wsgi:app`)."""

import os
import sys

bind = os.environ.get("HOTLINE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A client that trickles its body holds a thread: gthread gives a connection to a thread once it is
# readable, and the thread then blocks reading the body (for the signature check, before any
# database work: a slow client holds a thread, never a database connection). The proxy in front
# (deploy/nginx/hotline.conf) reads whole requests first; without it, only spare threads keep texts
# answered, and what counts is the threads of ONE worker: the kernel spreads connections very
# unevenly (the 32 slow clients of tests/test_serving.py often all land on one worker, which keeps
# accepting and queues a text behind them). Measured with 32 slow clients: with 8, 16, 24 or 32
# threads a text could wait past 10 s; with 48 or 64 each was answered within 0.2 s. 64 leaves room
# for about twice as many. A thread starts only when needed and costs about 60 KB; throughput was
# the same (bench/serve.py); texts beyond a worker's 15 pooled database connections wait at most
# 2 s for one (hotline/db.py). A worker that gives no thread to a slow body (gevent) was not chosen: a new
# dependency, monkey-patching under code that needs real threads (the database deadline's timer),
# and CPU-bound work (language detection) would stall every other request of its worker.
worker_class = "gthread"
threads = int(os.environ.get("HOTLINE_THREADS", "64"))
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
    # Not OpenDP (about 17 MB more in the serving tree): a server needs it only to seed a week's
    # counters the daily `hotline stats release` did not create ahead, and then loads it in the
    # thread that writes the counters, never on a text's way.

    # Say it now, before the first text (development only: production refuses to start without it).
    wsgi = sys.modules.get("wsgi")
    app = getattr(wsgi, "app", None)
    if app is not None:
        from hotline.sms.signature import warn_if_unsigned

        warn_if_unsigned(app)


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


def worker_exit(server: object, worker: object) -> None:
    # Usage counted in memory in the last second is written before the worker goes.
    from hotline.stats import counters

    counters.flush_all()
