"""docs/service.md's examples run: solve_request, the http.server endpoint, cancellation."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import mentormatch as mm

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"^```python\n(.*?)^```",
                    (ROOT / "docs" / "service.md").read_text(encoding="utf-8"), re.S | re.M)


def _run(i: int) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "service_doc"}  # not "__main__": no serve_forever
    exec(compile(BLOCKS[i], f"docs/service.md[block {i + 1}]", "exec"), namespace)
    return namespace


def test_solve_request_example() -> None:
    ns = _run(0)
    assert ns["answer"]["certificate"]["optimal"]


def test_http_server_example() -> None:
    handler = _run(1)["MatchHandler"]
    assert len(BLOCKS[1].strip().splitlines()) <= 25
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        example = mm.synth.generate(30, seed=3)
        body = {"students": [s.model_dump(mode="json") for s in example.students],
                "mentors": [m.model_dump(mode="json") for m in example.mentors]}
        req = urllib.request.Request(url, json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(req, timeout=60) as reply:
            assert reply.status == 200
            assert json.loads(reply.read())["format"] == "mentormatch.result/2"
        body["mentors"][0]["availability"] = "le soir"
        req = urllib.request.Request(url, json.dumps(body).encode(), method="POST")
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(req, timeout=60)
        assert info.value.code == 422
        assert info.value.headers["Content-Type"] == "application/problem+json"
        answer = json.loads(info.value.read())
        assert answer["errors"][0]["pointer"] == "/mentors/0/availability"
    finally:
        server.shutdown()
        server.server_close()


def test_cancellation_example(capsys: Any) -> None:
    ns = _run(2)
    assert "cancelled during solve" in capsys.readouterr().out
    assert ns["stages"][-1] == "solve"
