"""Run 1EdTech's Open Badges validator on one badge and print its report as JSON.

Runs under .venv-validator's Python, never the app's. The validator fetches the Open Badges
JSON-LD context from w3id.org; CI has no internet, so that URL is answered from the copy the
validator ships, and every other host but this machine is refused.

    python validate.py url|jws|file VALUE RECIPIENT_EMAIL
"""

import json
import sys
from urllib.parse import urlsplit

import requests
from openbadges import verify
from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT
from requests.adapters import HTTPAdapter

CONTEXT_URLS = {"https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json"}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_send = HTTPAdapter.send


def offline_send(adapter, request, **kwargs):
    if request.url.rstrip("/") in CONTEXT_URLS:
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode()
        response.headers["Content-Type"] = "application/ld+json"
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response
    if urlsplit(request.url).hostname not in LOCAL_HOSTS:
        raise requests.ConnectionError(f"offline: refused to fetch {request.url}")
    return _send(adapter, request, **kwargs)


def main() -> None:
    kind, value, email = sys.argv[1:4]
    HTTPAdapter.send = offline_send
    if kind == "file":
        with open(value, "rb") as image:
            report = verify(image, {"email": email})
    else:
        report = verify(value, {"email": email})
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    main()
