# {{ header }}
"""Wiring tests of the {{ context }} adapters against moto{% if has_clients %} and a local HTTP stub{% endif %}."""

{{ imports }}
{%- for c in constants %}

{{ c }}
{%- endfor %}
{%- if has_clients %}

SEEN: list[tuple[str, str, bytes]] = []
AUTHORIZATIONS: list[str] = []
ANSWERS: list[tuple[int, bytes]] = []


class StubHandler(BaseHTTPRequestHandler):
    """Answers from ANSWERS (200 null when empty) and records every request in SEEN."""

    def answer(self) -> None:
        """Records the request and sends the next answer."""
        length = int(self.headers.get("Content-Length") or 0)
        SEEN.append((self.command, self.path, self.rfile.read(length)))
        AUTHORIZATIONS.append(self.headers.get("Authorization") or "")
        status, body = ANSWERS.pop(0) if ANSWERS else (200, b"null")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def stub_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The base URL of a local HTTP stub; credentials as Lambda gives a function role's."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ASIATESTING")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    SEEN.clear()
    AUTHORIZATIONS.clear()
    ANSWERS.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
{%- endif %}
{%- for t in tests %}


{{ t.signature }}
    {{ t.doc }}
{%- for line in t.body %}
    {{ line }}
{%- endfor %}
{%- endfor %}
