"""The feeds' documents: Atom (RFC 4287) and JSON Feed 1.1, one entry per
update DIUN reported, each linking to the image on the page."""

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from diundash.api.links import UPDATE_NAMESPACE, PageLinks, update_id
from diundash.projections.receipts import Receipt

ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
NO_HOST_NAME = "(no host name)"
# What XML 1.0 cannot carry (most control characters, lone surrogates, the
# two non-characters at the end of the BMP): DIUN's text may hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Feed:
    """What both documents say: where the page and the feed are, whose
    updates (``host``, or every host's), and the updates, newest first."""

    base: str  # the page's address
    url: str  # the feed's own address (never with a token)
    host: str | None
    receipts: list[Receipt]
    updated: str  # the newest update's time, or now when there is none

    @property
    def id(self) -> str:
        name = f"feed\n{self.base}\n{self.host}"
        return f"urn:uuid:{uuid.uuid5(UPDATE_NAMESPACE, name)}"

    @property
    def title(self) -> str:
        where = "" if self.host is None else f" on {self.host or NO_HOST_NAME}"
        return f"diundash: image updates{where}"


def entry_title(receipt: Receipt) -> str:
    """``image on host: new version``."""
    return f"{receipt.image} on {receipt.host or NO_HOST_NAME}: new version"


def entry_text(receipt: Receipt) -> str:
    """What DIUN said of the update, for a person."""
    created = receipt.body.get("created")
    facts = [f"digest {receipt.digest}" if receipt.digest else "", receipt.platform]
    if isinstance(created, str) and created:
        facts.append(f"built {created}")
    said = ", ".join(fact for fact in facts if fact)
    status = f" ({receipt.status})" if receipt.status else ""
    return (
        f"DIUN on {receipt.host or NO_HOST_NAME} reported a new version of "
        f"{receipt.image}{status}" + (f": {said}." if said else ".")
    )


def atom_document(feed: Feed) -> bytes:
    """The feed as Atom 1.0."""
    root = ET.Element("feed", xmlns=ATOM)
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "updated", feed.updated)
    ET.SubElement(_text(root, "author", None), "name").text = "diundash"
    _text(root, "generator", "diundash")
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=feed.url)
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=feed.base)
    for receipt in feed.receipts:
        entry = ET.SubElement(root, "entry")
        _text(entry, "id", f"urn:uuid:{_id(receipt)}")
        _text(entry, "title", entry_title(receipt))
        _text(entry, "updated", receipt.received_at)
        _text(entry, "published", receipt.received_at)
        href = PageLinks.image(feed.base, receipt.image)
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=_xml(href))
        ET.SubElement(entry, "category", term=_xml(receipt.host or NO_HOST_NAME))
        content = _text(entry, "content", entry_text(receipt))
        content.set("type", "text")
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def json_feed_document(feed: Feed) -> dict[str, Any]:
    """The feed as JSON Feed 1.1."""
    return {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.base,
        "feed_url": feed.url,
        "description": "Each new image version DIUN reported to diundash, newest first.",
        "authors": [{"name": "diundash"}],
        "items": [
            {
                "id": f"urn:uuid:{_id(receipt)}",
                "url": PageLinks.image(feed.base, receipt.image),
                "title": entry_title(receipt),
                "content_text": entry_text(receipt),
                "date_published": receipt.received_at,
                "date_modified": receipt.received_at,
                "tags": [receipt.host or NO_HOST_NAME],
            }
            for receipt in feed.receipts
        ],
    }


def _id(receipt: Receipt) -> str:
    return update_id(receipt.host, receipt.image, receipt.digest)


def _text(parent: ET.Element, tag: str, text: str | None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = _xml(text)
    return element


def _xml(text: str) -> str:
    """``text`` with what XML cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
