"""Send the email edition through an SMTP server, with the standard library's smtplib."""

from __future__ import annotations

import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


class SendFailed(Exception):
    """The email was not sent. The message says why, in plain words."""


def send(
    message: EmailMessage,
    *,
    host: str,
    port: int,
    starttls: bool,
    username: str | None = None,
    password: str | None = None,
    timeout: float = 30,
) -> list[str]:
    """Send one message. Returns the addresses the server accepted."""
    where = f"{host}:{port}"
    outgoing = _stamped(message)
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as server:
            server.ehlo()
            if starttls:
                if not server.has_extn("starttls"):
                    raise SendFailed(
                        f"the mail server at {where} does not offer STARTTLS, so the password and "
                        "email would travel unencrypted. Check the host and port (usually 587)."
                    )
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if username:
                server.login(username, password or "")
            refused = server.send_message(outgoing)
    except SendFailed:
        raise
    except smtplib.SMTPAuthenticationError:
        raise SendFailed(f"the mail server at {where} did not accept the user name and password.") from None
    except smtplib.SMTPRecipientsRefused as error:
        raise SendFailed(f"the mail server at {where} refused every recipient: {', '.join(error.recipients)}.") from None
    except smtplib.SMTPSenderRefused as error:
        raise SendFailed(f"the mail server at {where} refused the From address {error.sender}.") from None
    except smtplib.SMTPException as error:
        raise SendFailed(f"the mail server at {where} gave an error: {error}.") from None
    except ssl.SSLError as error:
        raise SendFailed(f"a secure connection to {where} could not be made ({error.reason}).") from None
    except OSError as error:
        raise SendFailed(f"could not connect to the mail server at {where} ({error.strerror or error}).") from None
    recipients = [address.strip() for address in str(outgoing["To"]).split(",")]
    return [address for address in recipients if address not in refused]


def _stamped(message: EmailMessage) -> EmailMessage:
    """A copy with the headers a sent email has: a date, an id, and no draft marker."""
    copy = EmailMessage(policy=message.policy)
    for name, value in message.items():
        if name.lower() != "x-unsent":
            copy[name] = value
    copy.set_payload(message.get_payload())
    sender = str(message.get("From", ""))
    domain = sender.rsplit("@", 1)[-1].strip("> ") if "@" in sender else None
    copy["Date"] = format_datetime(datetime.now(UTC))
    copy["Message-ID"] = make_msgid(domain=domain)
    return copy
