#!/usr/bin/env python3
"""The original walkthrough's api_tests.py, through any base URL (default http://localhost, the kind ingress).

Standard library only, so it runs on a bare CI runner: python3 e2e/api_tests.py [BASE_URL]
"""
import sys
import urllib.error
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://localhost").rstrip("/")

# Path -> exact response body, as in the original Flask app.
EXPECTED = [
    ("/", "\nThis is the default response\n"),
    ("/purchase_item", "\nMissing item\n"),
    ("/purchase_item?item=sword", "\nBought sword\n"),
    ("/purchase_item?item=knife", "\nBought knife\n"),
    ("/purchase_item?item=shield", "\nInvalid item\n"),
    ("/join_guild", "\nMissing guild ID\n"),
    ("/join_guild?guild_id=1", "\nJoined guild 1\n"),
    ("/join_guild?guild_id=a", "\nInvalid guild ID\n"),
]


def main():
    failures = 0
    for path, expected in EXPECTED:
        try:
            with urllib.request.urlopen(BASE + path, timeout=10) as response:
                body = response.read().decode("utf-8")
        except urllib.error.HTTPError as error:  # the original only compares bodies, whatever the status
            body = error.read().decode("utf-8")
        ok = body == expected
        failures += 0 if ok else 1
        print(("ok   " if ok else "FAIL ") + path + ("" if ok else "  got %r, expected %r" % (body, expected)))
    if failures:
        sys.exit("%d of %d API checks failed" % (failures, len(EXPECTED)))
    print("all %d API checks passed" % len(EXPECTED))


if __name__ == "__main__":
    main()
