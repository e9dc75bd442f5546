"""The OpenAPI 3.1 description of the API, written out so that it says exactly what is promised."""

from copy import deepcopy
from typing import Any

STATUSES = ["genuine", "not_genuine", "revoked", "expired", "wrong_recipient", "not_ours"]
CHECK_NAMES = [
    "image",
    "signature",
    "key",
    "record",
    "badge_class",
    "revocation",
    "expiry",
    "recipient",
    "criteria_and_evidence",
]


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Co-op Learning API",
        "version": "1.0.0",
        "description": (
            "Check whether an Open Badge (2.0 or 3.0) issued by Co-op Learning is genuine, whose "
            "it is and whether it still stands. Verification uses only this platform's records "
            "and published keys: nothing is fetched, and badges from other issuers are answered "
            '"not_ours". The expected email address is hashed and compared, never stored. '
            "Requests are limited per address; the API takes no cookies and needs no CSRF token."
        ),
    },
    "paths": {
        "/api/verify": {
            "post": {
                "operationId": "verifyBadge",
                "summary": "Verify a badge",
                "description": (
                    "Send one badge: a baked PNG or SVG image, or as text a signed assertion "
                    "(compact JWS), an assertion URL of this platform or an Open Badges 3.0 "
                    "credential (VC-JWT). A badge that is not genuine is still a 200 answer: "
                    "its status and checks say why."
                ),
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/VerifyJson"},
                            "examples": {
                                "jws": {
                                    "value": {
                                        "input": "eyJhbGciOiJSUzI1NiIs...",
                                        "email": "name@example.com",
                                    }
                                }
                            },
                        },
                        "multipart/form-data": {
                            "schema": {"$ref": "#/components/schemas/VerifyForm"},
                            "encoding": {"file": {"contentType": "image/png, image/svg+xml"}},
                        },
                    },
                },
                "responses": {
                    "200": {
                        "description": "The verification report.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Report"}}
                        },
                    },
                    "400": _error(
                        "Nothing to check, both an image and text, an invalid field or email, "
                        "malformed JSON, or an input that cannot be read (not an image, a "
                        "truncated or corrupt PNG, an unsafe SVG...)."
                    ),
                    "413": _error("The request is larger than 2 MB."),
                    "415": _error("The body is neither application/json nor multipart/form-data."),
                    "429": {
                        **_error("Too many checks from this address; wait and try again."),
                        "headers": {
                            "Retry-After": {
                                "description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer"},
                            }
                        },
                    },
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This description",
                "responses": {
                    "200": {
                        "description": "The OpenAPI 3.1 description of this API.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "VerifyJson": {
                "type": "object",
                "properties": {
                    "input": {
                        "type": "string",
                        "description": "A compact JWS, an assertion URL or a VC-JWT.",
                    },
                    "image": {
                        "type": "string",
                        "contentEncoding": "base64",
                        "description": "A baked PNG or SVG image, base64-encoded.",
                    },
                    "email": {
                        "type": "string",
                        "description": "The email address the badge should belong to.",
                    },
                },
                "description": "Exactly one of input and image.",
            },
            "VerifyForm": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "contentMediaType": "image/png"},
                    "input": {"type": "string"},
                    "email": {"type": "string"},
                },
                "description": "Exactly one of file and input.",
            },
            "Check": {
                "type": "object",
                "required": ["name", "passed", "message"],
                "properties": {
                    "name": {"type": "string", "enum": CHECK_NAMES},
                    "passed": {
                        "type": ["boolean", "null"],
                        "description": "null when the check was not made (the message says why).",
                    },
                    "message": {"type": "string"},
                },
            },
            "Badge": {
                "type": "object",
                "required": [
                    "id",
                    "url",
                    "earner",
                    "name",
                    "issuer",
                    "issuedOn",
                    "expires",
                    "revoked",
                    "revocationReason",
                    "criteria",
                    "evidence",
                ],
                "properties": {
                    "id": {"type": "string", "description": "The assertion's URL."},
                    "url": {"type": "string", "description": "The badge's public page."},
                    "earner": {"type": "string", "description": "The earner's name."},
                    "name": {"type": "string"},
                    "issuer": {"type": "string"},
                    "issuedOn": {"type": "string", "format": "date-time"},
                    "expires": {"type": ["string", "null"], "format": "date-time"},
                    "revoked": {"type": "boolean"},
                    "revocationReason": {"type": ["string", "null"]},
                    "criteria": {"type": "string"},
                    "evidence": {"type": "string"},
                },
            },
            "Report": {
                "type": "object",
                "required": [
                    "status",
                    "genuine",
                    "summary",
                    "reason",
                    "inputKind",
                    "checks",
                    "badge",
                ],
                "properties": {
                    "status": {"type": "string", "enum": STATUSES},
                    "genuine": {
                        "type": "boolean",
                        "description": "True only when genuine, current and (if an email was "
                        "given) issued to that email.",
                    },
                    "summary": {"type": "string", "description": "The answer in plain English."},
                    "reason": {
                        "type": ["string", "null"],
                        "description": "Why it is not genuine, as a stable code "
                        "(bad_signature, unknown_kid, revoked, expired, not_ours...).",
                    },
                    "inputKind": {"type": ["string", "null"]},
                    "checks": {"type": "array", "items": {"$ref": "#/components/schemas/Check"}},
                    "badge": {"oneOf": [{"$ref": "#/components/schemas/Badge"}, {"type": "null"}]},
                },
            },
            "Error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "reason": {"type": "string", "description": "For unreadable_input: why."},
                },
            },
        }
    },
}


def openapi_document(base_url: str) -> dict[str, Any]:
    """The description, with this deployment's address as its server."""
    document = deepcopy(_DOCUMENT)
    document["servers"] = [{"url": base_url}]
    return document
