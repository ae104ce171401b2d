#!/usr/bin/env python3
"""Writes hostile models: inputs built to expose a super-linear step.

    scripts/hostile.py SCALE OUT_DIR

SCALE 1.0 gives the sizes named in issue #5: a name repeated 100,000 times,
a cycle through 10,000 contexts, a 1 MB string. `scripts/hostile.sh` runs
`ddgen check` (and `ddgen map` on the valid ones) at two scales and reports
the time ratio: linear work grows with the scale, quadratic with its square.
`tests/hostile.rs` checks what each case reports at a smaller scale.

Every case is a single `.ddd` file named after what it repeats.
"""

import os
import sys


def cases(scale):
    names = int(100_000 * scale)
    ring = int(10_000 * scale)
    big = int(1024 * 1024 * scale)
    x = "x" * big

    yield "context_defined_n_times", "".join("context A {}\n" for _ in range(names))
    yield "unknown_context_referenced_n_times", (
        "context A {\n" + " subscribe B.Evt\n" * names + "}\n"
    )
    yield "n_distinct_unknown_contexts", "".join(
        f"context C{i} {{ subscribe D{i}.E }}\n" for i in range(names)
    )
    yield "n_distinct_unknown_types", (
        "context A {\n value V {\n" + "".join(f"  f{i}: T{i}\n" for i in range(names)) + " }\n}\n"
    )
    yield "field_repeated_n_times", "context A {\n value V {\n" + "  x: int\n" * names + " }\n}\n"
    yield "n_distinct_fields", (
        "context A {\n value V {\n" + "".join(f"  f{i}: int\n" for i in range(names)) + " }\n}\n"
    )
    yield "enum_value_repeated_n_times", "context A {\n enum E {\n" + "  a\n" * names + " }\n}\n"
    yield "n_events_in_one_context", (
        "context A {\n" + "".join(f" event E{i} {{ }}\n" for i in range(names)) + "}\n"
    )
    # The same event name declared by many contexts, and referenced unqualified
    # from one context many times (the "did you mean Context.Message" path).
    per = max(1, names // 10)
    yield "message_name_in_n_contexts", (
        "".join(f"context C{i} {{ event Evt {{ }} }}\n" for i in range(per))
        + "context Z {\n"
        + " subscribe Evt\n" * per
        + "}\n"
    )
    yield "n_unknown_messages_of_a_big_context", (
        "context A {\n"
        + "".join(f" event E{i} {{ }}\n" for i in range(per))
        + "}\ncontext B {\n"
        + "".join(f" subscribe A.F{i}\n" for i in range(per))
        + "}\n"
    )
    yield "subdomain_name_in_n_domains", (
        "".join(f"domain D{i} {{ subdomain S : core }}\n" for i in range(per))
        + "".join(f"context C{i} {{ implements S }}\n" for i in range(per))
    )
    yield "path_of_n_segments", "context A { subscribe " + ".".join(["B"] * names) + " }\n"
    yield "bad_line_of_n_names", "context A {\n " + " A" * names + "\n}\n"
    yield "allow_repeated_n_times", "context A {\n" + ' allow W103 "r"\n' * names + "}\n"
    yield "n_warnings_each_allowed", (
        "context A {\n"
        + "".join(f' event E{i} {{ allow W101 "later" }}\n' for i in range(names))
        + "}\n"
    )
    yield "relationship_repeated_n_times", (
        "context A {}\ncontext B {}\nmap M {\n" + " A -> B\n" * names + "}\n"
    )
    yield "call_cycle_through_n_contexts", "".join(
        f'context C{i} {{\n query Q{i} {{ }} returns string via http GET "/q{i}"\n'
        f" calls C{(i + 1) % ring}.Q{(i + 1) % ring}\n}}\n"
        for i in range(ring)
    )
    yield "map_cycle_through_n_contexts", (
        "".join(f"context C{i} {{}}\n" for i in range(ring))
        + "map M {\n"
        + "".join(f" C{i} -> C{(i + 1) % ring}\n" for i in range(ring))
        + "}\n"
    )
    yield "subscription_cycle_through_n_contexts", "".join(
        f"context C{i} {{\n event E{i} {{ }}\n subscribe C{(i + 1) % ring}.E{(i + 1) % ring}\n}}\n"
        for i in range(ring)
    )
    yield "type_cycle_through_n_types", (
        "context A {\n"
        + "".join(f" value T{i} {{ next: T{(i + 1) % ring} }}\n" for i in range(ring))
        + "}\n"
    )
    yield "one_mb_string", f'context A {{\n vision "{x}"\n}}\n'
    yield "one_mb_name", f"context A{x} {{}}\n"
    yield "one_mb_unknown_name", f"context A {{\n subscribe B{x}.E\n}}\n"
    yield "one_mb_comment", f"// {x}\ncontext A {{}}\n"
    yield "one_mb_string_on_a_bad_line", f'context A {{\n vision "{x}" oops\n}}\n'
    yield "one_mb_route", f'context A {{\n command C {{ }} via http POST "/{x}"\n}}\n'
    yield "one_mb_line_of_braces", "context A " + "{ " * 60 + "x" * big + " }" * 60 + "\n"


def main():
    scale = float(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, text in cases(scale):
        with open(os.path.join(out, name + ".ddd"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
