"""The floor of the stack: Flask on the same gunicorn flags, checking the Twilio signature with
the SDK and answering fixed TwiML. bench/serve.py measures the hotline against it."""

from __future__ import annotations

import os

from flask import Flask, Response, abort, request
from twilio.request_validator import RequestValidator

app = Flask(__name__)
TOKEN = os.environ["TWILIO_AUTH_TOKEN"]
PUBLIC = os.environ["HOTLINE_PUBLIC_URL"].rstrip("/")
REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hello</Message></Response>'


@app.post("/sms")
def sms() -> Response:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not RequestValidator(TOKEN).validate(PUBLIC + request.path, request.form, signature):
        abort(403)
    return Response(REPLY, mimetype="text/xml")


@app.get("/healthz")
def healthz() -> str:
    return "ok"
