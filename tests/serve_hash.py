"""`python -m tests.serve_hash serve ...`: the command line of `python -m assistant`, with the tests' hash embedder in
place of the model (an index the tests built with it must not be read by the real one), and the index lock's
comings and goings logged with their time and process, so that a test can read who held the lock when."""

from __future__ import annotations

import logging
import sys

from assistant.cli import main
from tests.conftest import HashEmbeddings

LOG_FORMAT = "%(created).6f %(process)d %(levelname)s %(name)s: %(message)s"

if __name__ == "__main__":
    logging.basicConfig(format=LOG_FORMAT, level=logging.WARNING)  # the command's own basicConfig then keeps this
    logging.getLogger("index.lock").setLevel(logging.DEBUG)
    sys.exit(main(sys.argv[1:], embedder=HashEmbeddings()))
