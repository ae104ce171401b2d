#!/usr/bin/env python3
"""Writes a valid synthetic ddgen model of N contexts to stdout.

Used by the benchmark (scripts/bench.sh) and for scale tests. Deterministic:
the same N gives the same bytes. Each context has an id, an enum, a value, an
aggregate, eight messages (two http commands, one queue command, one query,
four events), subscriptions to events of earlier contexts, a `calls` and a
`sends` to earlier contexts, and a cross-context type reference. Every
dependency runs from a lower-numbered context to a higher one, so there are
no cycles, and the declared `map` lists exactly the derived relationships:
the model checks with no errors and no warnings (about 1.5 KB per context).

usage: synth.py N [--domains D]
"""

import random
import sys


def main() -> None:
    n = int(sys.argv[1])
    domains = int(sys.argv[sys.argv.index("--domains") + 1]) if "--domains" in sys.argv else max(1, n // 25)
    rng = random.Random(n)
    out = [f"system Synthetic{n} {{ broker sns }}", ""]
    for d in range(domains):
        out.append(f"/// Domain {d} of the synthetic landscape.")
        out.append(f"domain D{d} {{")
        out.append(f'  vision "Synthetic domain {d}."')
        for i in range(d, n, domains):
            kind = ("core", "supporting", "generic")[i % 3]
            out.append(f"  subdomain S{i} : {kind}")
        out.append("}")
    for t in range(max(1, n // 10)):
        out.append(f'team T{t} {{ contact "t{t}@example.com" }}')
    out.append("")

    subscribed = set()
    edges = set()  # (upstream, downstream)
    bodies = []
    for i in range(n):
        b = []
        b.append(f"/// Context {i}: a synthetic bounded context.")
        b.append(f"context C{i} {{")
        b.append(f"  implements D{i % domains}.S{i}")
        b.append(f"  owner T{i % max(1, n // 10)}")
        b.append(f'  vision "Context {i} keeps its own records."')
        b.append(f"  id Id{i}")
        b.append(f"  enum Status{i} {{ open, active, closed }}")
        b.append(f"  value Amount{i} {{ value: decimal, currency: string }}")
        ref = ""
        if i > 0:
            up = rng.randrange(0, i)
            ref = f", origin: C{up}.Id{up}?"
            edges.add((up, i))
        b.append(f"  aggregate Record{i} {{ id: Id{i}, status: Status{i}, amount: Amount{i}, note: string?{ref} }}")
        b.append(f'  command Open{i} {{ amount: Amount{i} }} returns Id{i} via http POST "/c{i}/records" emits Opened{i}')
        b.append(f'  command Change{i} {{ id: Id{i}, amount: Amount{i} }} via http PUT "/c{i}/records/{{id}}" emits Changed{i}')
        b.append(f"  command Close{i} {{ id: Id{i} }} via queue emits Closed{i}, Archived{i}")
        b.append(f'  query Get{i} {{ id: Id{i} }} returns Record{i} via http GET "/c{i}/records/{{id}}"')
        for e in ("Opened", "Changed", "Closed", "Archived"):
            b.append(f"  event {e}{i} {{ id: Id{i}, at: datetime }}")
        if i > 0:
            for up in sorted({rng.randrange(0, i) for _ in range(3)}):
                event = ("Opened", "Changed", "Closed", "Archived")[rng.randrange(4)]
                b.append(f"  subscribe C{up}.{event}{up} {{ batch 10, window 2s, retries 4 }}")
                subscribed.add((up, event))
                edges.add((up, i))
            # Calls only to contexts that make no calls: chains stay short.
            if i % 4 != 0:
                target = (i // 4) * 4
                b.append(f"  calls C{target}.Get{target}")
                edges.add((target, i))
            send = rng.randrange(0, i)
            b.append(f"  sends C{send}.Close{send}")
            edges.add((send, i))
        b.append("  deploy { memory 256, timeout 10s, throttle 50/s, burst 100 }")
        b.append("}")
        bodies.append((i, b))
    for i, b in bodies:
        for e in ("Opened", "Changed", "Closed", "Archived"):
            if (i, e) not in subscribed:
                line = f"  event {e}{i} {{ id: Id{i}, at: datetime }}"
                b[b.index(line)] = f'  event {e}{i} {{ id: Id{i}, at: datetime, allow W101 "synthetic" }}'
        out.extend(b)
    out.append("")
    out.append(f"map Synthetic{n}Map {{")
    for up, down in sorted(edges):
        out.append(f"  C{up} -> C{down}")
    out.append("}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
