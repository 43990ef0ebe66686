"""The WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app`."""

import sys

from hotline import create_app
from hotline.config import ConfigError

try:
    app = create_app()
except ConfigError as problem:
    # One clear line, not a traceback, and a non-zero exit: the deployer's to fix.
    sys.stderr.write(f"hotline: {problem}\n")
    sys.exit(1)
