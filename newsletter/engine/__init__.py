"""The newsletter's sending engine: claims, the per-message send over SMTP, the exactly-once marks.

    claims.py  which worker sends which deliveries (claim, release, stale-claim recovery)
    send.py    send_batch and run_worker: rate, retries, pause and cancel, finishing an edition
    smtp.py    one message over an open SMTP connection (pipelined MAIL/RCPT/DATA, the mark before ".")
    marks.py   the "sent" mark, pipelined on a second PostgreSQL connection, with its timeout
    mime.py    the MIME message built once per rendering and stamped per recipient

The invariants (never twice, never lost, the one window left), the rates, the crash tests and the
private smtplib/email APIs the engine leans on are described in docs/newsletter-engine.md.

This file imports nothing on purpose: ``import newsletter.engine.send`` loads only what it names, and no
module of the package is imported back through the package.
"""
