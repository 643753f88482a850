"""Reads an EDXML package (QCVN 102:2016) with lxml, as another system would, and prints its facts as JSON.

Usage: python edxml_parse_back.py < package.xml
The message header (or the status message), each organ, the code, date, signer, ResponseFor, and each attachment's
name, type, size and SHA-256 of its decoded bytes. No entity is resolved and nothing is fetched.
"""
import base64
import hashlib
import json
import sys

from lxml import etree

NS = {"e": "http://www.mic.gov.vn/TBT/QCVN_102_2016"}


def text(node, path):
    found = node.find(path, NS) if node is not None else None
    return found.text.strip() if found is not None and found.text is not None else None


def organ(node):
    return None if node is None else {"organId": text(node, "e:OrganId"), "organName": text(node, "e:OrganName")}


def response_for(node):
    if node is None:
        return None
    return {
        "organId": text(node, "e:OrganId"),
        "codeNumber": text(node, "e:Code/e:CodeNumber"),
        "codeNotation": text(node, "e:Code/e:CodeNotation"),
        "promulgationDate": text(node, "e:PromulgationDate"),
        "documentId": text(node, "e:DocumentId"),
    }


def main():
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    root = etree.fromstring(sys.stdin.buffer.read(), parser)
    header = root.find("e:edXMLHeader", NS)
    status = header.find("e:Status", NS)
    if status is not None:
        facts = {
            "kind": "status",
            "responseFor": response_for(status.find("e:ResponseFor", NS)),
            "from": organ(status.find("e:From", NS)),
            "to": organ(status.find("e:To", NS)),
            "statusCode": text(status, "e:StatusCode"),
            "description": text(status, "e:Description"),
            "timestamp": text(status, "e:Timestamp"),
        }
    else:
        message = header.find("e:MessageHeader", NS)
        attachments = []
        for a in root.findall("e:edXMLBody/e:AttachmentEncoded/e:Attachment", NS):
            data = base64.b64decode("".join((text(a, "e:Value") or "").split()), validate=True)
            attachments.append({
                "name": text(a, "e:AttachmentName"),
                "contentType": text(a, "e:ContentType"),
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            })
        signer = message.find("e:SignerInfo", NS)
        facts = {
            "kind": "document",
            "documentId": text(message, "e:DocumentId"),
            "from": organ(message.find("e:From", NS)),
            "to": [organ(t) for t in message.findall("e:To", NS)],
            "codeNumber": text(message, "e:Code/e:CodeNumber"),
            "codeNotation": text(message, "e:Code/e:CodeNotation"),
            "promulgationDate": text(message, "e:PromulgationInfo/e:PromulgationDate"),
            "documentType": text(message, "e:DocumentType/e:TypeName"),
            "subject": text(message, "e:Subject"),
            "signer": None if signer is None else {"fullName": text(signer, "e:FullName"), "position": text(signer, "e:Position")},
            "responseFor": response_for(message.find("e:ResponseFor", NS)),
            "trace": [text(t, "e:OrganId") for t in header.findall("e:TraceHeaderList/e:TraceHeader", NS)],
            "attachments": attachments,
        }
    json.dump(facts, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
