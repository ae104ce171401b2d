# {{ header }}
"""Typed HTTP clients for the operations the {{ context }} context calls (`calls`).

Every request has a timeout. Failures that are safe to retry are retried a
bounded number of times with exponential backoff and full jitter: 429 and 503
always (the request was not processed), 502, 504 and network errors only for
GET, PUT and DELETE (repeating them changes nothing). Inside Lambda, timeouts
and retries fit into the invocation's remaining time (`adapters/deadline.py`):
no attempt starts with less than `MIN_ATTEMPT_SECONDS` left.

Every request is signed with AWS Signature Version 4 (service `execute-api`)
by the function role's credentials: the called routes accept only signed
requests (IAM authorization), and the role may invoke exactly the routes this
context calls.
"""

from __future__ import annotations

{{ imports }}

RETRY_ALWAYS = frozenset({429, 503})
RETRY_IDEMPOTENT = frozenset({502, 504})
IDEMPOTENT = frozenset({"GET", "PUT", "DELETE"})
MIN_ATTEMPT_SECONDS = 0.25


class ApiError(Exception):
    """A call failed: its status (0 when nothing answered) and body."""

    def __init__(self, method: str, url: str, status: int, body: str) -> None:
        super().__init__(f"{method} {url} failed with {status}: {body[:500]}")
        self.status = status
        self.body = body


class HttpClient:
    """JSON over HTTP with a timeout and bounded retries with backoff."""

    def __init__(
        self,
        base_url: str,
        timeout: float = 5.0,
        retries: int = 2,
        backoff: float = 0.2,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def request(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]] | None = None,
        body: str | None = None,
    ) -> bytes:
        """The answer's body; raises ApiError once retries are exhausted."""
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = body.encode() if body is not None else None
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        attempt = 0
        while True:
            left = deadline.remaining()
            timeout = self.timeout if left is None else min(self.timeout, left)
            if timeout < MIN_ATTEMPT_SECONDS:
                raise ApiError(method, url, 0, "no time left in the invocation for the request")
            signed = _sign(method, url, data, headers)
            request = urllib.request.Request(url, data=data, headers=signed, method=method)
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    answer: bytes = response.read()
                    return answer
            except urllib.error.HTTPError as error:
                status, text = error.code, error.read().decode(errors="replace")
            except (urllib.error.URLError, TimeoutError) as error:
                status, text = 0, str(error)
            if not _retryable(method, status) or attempt >= self.retries:
                raise ApiError(method, url, status, text)
            pause = random.uniform(0, self.backoff * 2**attempt)
            left = deadline.remaining()
            if left is not None and pause + MIN_ATTEMPT_SECONDS > left:
                raise ApiError(method, url, status, text)
            time.sleep(pause)
            attempt += 1


def _sign(method: str, url: str, data: bytes | None, headers: dict[str, str]) -> dict[str, str]:
    """The headers with a SigV4 `Authorization` (and date) from the function role's credentials."""
    credentials = boto3.Session().get_credentials()
    if credentials is None:
        raise ApiError(method, url, 0, "no AWS credentials to sign the request with")
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    request = AWSRequest(method=method, url=url, data=data, headers=headers)
    SigV4Auth(credentials.get_frozen_credentials(), "execute-api", region).add_auth(request)
    return dict(request.headers.items())


def _retryable(method: str, status: int) -> bool:
    """Whether a failed request may be sent again (status 0: nothing answered)."""
    always = status in RETRY_ALWAYS
    safe = method in IDEMPOTENT and (status == 0 or status in RETRY_IDEMPOTENT)
    return always or safe


def _text(value: object) -> str:
    """A path or query parameter as text."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        # As pydantic writes it in JSON: UTC as `Z`.
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return str(value)


def _path(value: object) -> str:
    """A path parameter, escaped; what RFC 3986 allows in a segment stays as it is."""
    return urllib.parse.quote(_text(value), safe="!$&'()*+,;=:@")


def _query(pairs: list[tuple[str, object]]) -> list[tuple[str, str]]:
    """Query parameters: None left out, lists repeated."""
    out: list[tuple[str, str]] = []
    for name, value in pairs:
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        out.extend((name, _text(v)) for v in values)
    return out
{%- for c in clients %}


class {{ c.class }}:
    """The {{ c.context }} API (base URL in `{{ c.env }}`)."""

    def __init__(self, http: HttpClient | None = None) -> None:
        self.http = http or HttpClient(os.environ["{{ c.env }}"])
{%- for m in c.methods %}

    {{ m.signature }}
        {{ m.doc }}
{%- for line in m.lines %}
        {{ line }}
{%- endfor %}
{%- endfor %}
{%- endfor %}
