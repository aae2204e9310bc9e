"""The cluster's mail server: aiosmtpd on loopback, keeping every message in a Maildir.

    python -m deploy.smtp_sink --port 2725 --maildir var/cluster/mail [--delay 0.2]

`--delay` makes each delivery take that long, as a real server does, so that a worker killed
by the drills is often in the middle of sending.
"""

import argparse
import asyncio
import mailbox
import time

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


class SlowMailbox(Mailbox):
    def __init__(self, maildir: str, delay: float):
        super().__init__(maildir)
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    mailbox.Maildir(args.maildir, create=True)
    controller = Controller(
        SlowMailbox(args.maildir, args.delay), hostname="127.0.0.1", port=args.port
    )
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
