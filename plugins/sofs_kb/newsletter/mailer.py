"""Send the email edition through an SMTP server, with the standard library's smtplib."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage


class SendFailed(Exception):
    """The email was not sent. The message says why, in plain words."""


@dataclass
class Delivery:
    accepted: list[str]
    refused: dict[str, str] = field(default_factory=dict)
    """Addresses the server refused, with what it said about each."""


def send(
    message: EmailMessage,
    recipients: list[str],
    *,
    host: str,
    port: int,
    starttls: bool,
    username: str | None = None,
    password: str | None = None,
    timeout: float = 30,
) -> Delivery:
    """Send one message to `recipients`. A server that refuses some of them is reported, not hidden."""
    where = f"{host}:{port}"
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
            refused = server.send_message(message, to_addrs=recipients)
    except SendFailed:
        raise
    except smtplib.SMTPAuthenticationError:
        raise SendFailed(f"the mail server at {where} did not accept the user name and password.") from None
    except smtplib.SMTPRecipientsRefused as error:
        reasons = "; ".join(f"{address} ({_said(answer)})" for address, answer in error.recipients.items())
        raise SendFailed(f"the mail server at {where} refused every recipient: {reasons}.") from None
    except smtplib.SMTPSenderRefused as error:
        raise SendFailed(f"the mail server at {where} refused the From address {error.sender} ({_said((error.smtp_code, error.smtp_error))}).") from None
    except smtplib.SMTPException as error:
        raise SendFailed(f"the mail server at {where} gave an error: {error}.") from None
    except ssl.SSLError as error:
        raise SendFailed(f"a secure connection to {where} could not be made ({error.reason}).") from None
    except OSError as error:
        raise SendFailed(f"could not connect to the mail server at {where} ({error.strerror or error}).") from None
    return Delivery(
        [address for address in recipients if address not in refused],
        {address: _said(answer) for address, answer in refused.items()},
    )


def _said(answer: tuple[int, bytes | str]) -> str:
    code, text = answer
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()
