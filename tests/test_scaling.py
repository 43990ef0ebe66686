"""Two app servers on two ports, one PostgreSQL and one Redis, as behind a load balancer: a family
whose texts alternate between them has one conversation, one STOP, and one flood count."""

from __future__ import annotations

import os
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from hotline.conversation import content
from hotline.i18n import translations
from hotline.segments import gsm7_folded

from .conftest import message_bodies, redis_up, sign, start_of_a_minute

PUBLIC = "https://hotline.example.org"


pytestmark = pytest.mark.skipif(
    not os.environ.get("HOTLINE_TEST_DATABASE_URL", "").startswith("postgresql") or not redis_up(),
    reason="needs PostgreSQL (HOTLINE_TEST_DATABASE_URL) and Redis on 127.0.0.1:6379",
)


@pytest.fixture
def two_servers(make_app: Callable[..., Flask]) -> Iterator[list[str]]:
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379").flushdb()
    shared = dict(HOTLINE_PUBLIC_URL=PUBLIC, HOTLINE_SENDER_LIMIT=6,
                  HOTLINE_RATELIMIT_STORAGE_URL="redis://127.0.0.1:6379")  # fmt: skip
    servers = [make_server("127.0.0.1", 0, make_app(**shared), threaded=True) for _ in range(2)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield [f"http://127.0.0.1:{server.server_port}/sms" for server in servers]
    finally:
        for server in servers:
            server.shutdown()
        for thread in threads:
            thread.join(timeout=10)


def text(url: str, sender: str, body: str) -> list[str]:
    """Send a text to one server as Twilio would through the load balancer (signed for PUBLIC)."""
    params = {"From": sender, "To": "+16175550199", "Body": body, "NumMedia": "0",
              "MessageSid": "SM" + uuid.uuid4().hex}  # fmt: skip
    data = urllib.parse.urlencode(params).encode()
    signed = {"X-Twilio-Signature": sign(params, url=PUBLIC + "/sms")}
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=signed),
                                timeout=15) as response:  # fmt: skip
        assert response.status == 200
        return message_bodies(response.read())


def test_texts_alternating_between_two_servers_make_one_conversation(
    two_servers: list[str],
) -> None:
    one, two = two_servers
    sender = "+15085550150"
    assert text(one, sender, "Hola, necesito ayuda para mi familia")  # Spanish, on server one
    (bond,) = text(two, sender, "4")  # on server two: the conversation is Spanish there too
    pages = content.TOPIC_PAGES[content.Topic.BOND]
    assert gsm7_folded(bond).startswith(gsm7_folded(translations("es").gettext(pages[0]))[:30])
    (page_two,) = text(one, sender, "MÁS")  # back on one: the next page of the same topic
    assert gsm7_folded(page_two).startswith(gsm7_folded(translations("es").gettext(pages[1]))[:30])


def test_a_stop_sent_through_one_server_holds_on_the_other(two_servers: list[str]) -> None:
    one, two = two_servers
    sender = "+15085550151"
    assert text(one, sender, "hello")
    assert text(two, sender, "STOP") == []
    assert text(one, sender, "1") == [] and text(two, sender, "HELP") == []
    assert text(one, sender, "START")


def test_the_flood_limit_counts_texts_through_both_servers(two_servers: list[str]) -> None:
    one, two = two_servers
    sender = "+15085550152"
    start_of_a_minute()
    for n in range(6):
        assert text(one if n % 2 else two, sender, "MENU" if n else "hello")
    (slow,) = text(one, sender, "1")
    assert slow == content.SLOW_DOWN
    assert text(two, sender, "2") == []
