#!/usr/bin/env python3
"""Map layout quality: ddgen's SVG against Graphviz `dot` on the same graph.

For synthetic models of 10, 40, 100 and 300 contexts (scripts/synth.py) and
for the examples, draws the map with `ddgen map` (SVG) and with
`dot -Tsvg` on ddgen's own DOT output (`ddgen map --format dot`), then
counts, from the two SVGs in the same way:

- crossings: pairs of segments of *different* edges that properly intersect
  (each strictly crosses the other's line) at a point more than 2 units from
  every end point of both edges. Curves are flattened into 8 straight
  segments per cubic Bézier; straight segments stay whole;
- total edge length: the length of those polylines;
- drawing area: the width × height of the SVG's viewBox (ddgen draws in px,
  dot in pt; both are the drawing's own units).

Prints a Markdown table and, with --write, puts it into docs/map.md between
the markers `<!-- map-quality:begin -->` and `<!-- map-quality:end -->`.

usage: scripts/map-quality.py [--write] [--bin PATH] [SIZES...]
       (default sizes: 10 40 100 300; default bin: target/release/ddgen)
"""

import math
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SVG = "{http://www.w3.org/2000/svg}"
STEPS = 8
NEAR_END = 2.0


def path_points(d):
    """Polylines of an SVG path made of M/L/C/H/V (absolute) commands."""
    tokens = re.findall(r"[MLCHVZmlchvz]|-?\d*\.?\d+(?:[eE][-+]?\d+)?", d)
    lines, cur, at, cmd, i = [], [], (0.0, 0.0), None, 0

    def num():
        nonlocal i
        v = float(tokens[i])
        i += 1
        return v

    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "Zz":
                continue
        if cmd == "M":
            if len(cur) > 1:
                lines.append(cur)
            at = (num(), num())
            cur = [at]
            cmd = "L"
        elif cmd == "L":
            at = (num(), num())
            cur.append(at)
        elif cmd == "H":
            at = (num(), at[1])
            cur.append(at)
        elif cmd == "V":
            at = (at[0], num())
            cur.append(at)
        elif cmd == "C":
            p1, p2, p3 = (num(), num()), (num(), num()), (num(), num())
            p0 = at
            for k in range(1, STEPS + 1):
                s = k / STEPS
                u = 1 - s
                cur.append(tuple(
                    u * u * u * p0[j] + 3 * u * u * s * p1[j] + 3 * u * s * s * p2[j] + s * s * s * p3[j]
                    for j in range(2)))
            at = p3
        else:
            raise ValueError(f"path command {cmd} in {d[:80]}")
    if len(cur) > 1:
        lines.append(cur)
    return lines


def edges_of(svg_text, kind):
    """Each edge's polylines: ddgen `g.rel > path.edge`, dot `g.edge > path`."""
    root = ET.fromstring(svg_text)
    vb = [float(v) for v in root.get("viewBox").replace(",", " ").split()]
    out = []
    for g in root.iter(SVG + "g"):
        cls = (g.get("class") or "").split()
        if (kind == "ddgen" and "rel" in cls) or (kind == "dot" and "edge" in cls):
            lines = []
            for p in g.iter(SVG + "path"):
                if kind == "ddgen" and "edge" not in (p.get("class") or ""):
                    continue
                lines.extend(path_points(p.get("d")))
            if lines:
                out.append(lines)
    return out, vb[2] * vb[3]


def orient(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def crossing_point(p, q, r, s):
    d1, d2 = orient(r, s, p), orient(r, s, q)
    d3, d4 = orient(p, q, r), orient(p, q, s)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        t = d1 / (d1 - d2)
        return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
    return None


def measure(edges):
    """(crossings, total length) of a list of edges (lists of polylines)."""
    segs, ends, length = [], [], 0.0
    for e, lines in enumerate(edges):
        ends.append([lines[0][0], lines[-1][-1]] + [l[0] for l in lines] + [l[-1] for l in lines])
        for line in lines:
            for a, b in zip(line, line[1:]):
                if a != b:
                    segs.append((e, a, b))
                    length += math.dist(a, b)
    cell = 40.0
    grid = {}
    for k, (_, a, b) in enumerate(segs):
        for gx in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
            for gy in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
                grid.setdefault((gx, gy), []).append(k)
    seen = set()
    crossings = 0
    for members in grid.values():
        for x in range(len(members)):
            i = members[x]
            ei, a, b = segs[i]
            for y in range(x + 1, len(members)):
                j = members[y]
                ej, c, d = segs[j]
                if ei == ej or (i, j) in seen:
                    continue
                seen.add((i, j))
                pt = crossing_point(a, b, c, d)
                if pt is None:
                    continue
                if any(math.dist(pt, e) <= NEAR_END for e in ends[ei] + ends[ej]):
                    continue
                crossings += 1
    return crossings, length


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def row(name, paths, binary):
    t0 = time.perf_counter()
    ours = run([binary, "map", *paths])
    t_ours = time.perf_counter() - t0
    dot_src = run([binary, "map", "--format", "dot", *paths])
    t0 = time.perf_counter()
    theirs = run(["dot", "-Tsvg"], input=dot_src)
    t_dot = time.perf_counter() - t0
    e1, a1 = edges_of(ours, "ddgen")
    e2, a2 = edges_of(theirs, "dot")
    c1, l1 = measure(e1)
    c2, l2 = measure(e2)
    ratio = f"{c1 / c2:.2f}" if c2 else ("1.00" if c1 == 0 else "∞")
    return (f"| {name} | {len(e1)} | {c1:,} | {c2:,} | {ratio} | {l1:,.0f} | {l2:,.0f} | "
            f"{a1 / 1e6:.2f} M | {a2 / 1e6:.2f} M | {t_ours:.2f} s | {t_dot:.2f} s |", c1 <= c2)


def main():
    args = sys.argv[1:]
    write = "--write" in args
    args = [a for a in args if a != "--write"]
    binary = os.path.join(ROOT, "target", "release", "ddgen")
    if "--bin" in args:
        k = args.index("--bin")
        binary = os.path.abspath(args[k + 1])
        del args[k:k + 2]
    sizes = [int(a) for a in args] or [10, 40, 100, 300]
    rows, ok = [], True
    with tempfile.TemporaryDirectory() as work:
        cases = []
        for n in sizes:
            model = os.path.join(work, f"synth{n}.ddd")
            with open(model, "w") as f:
                f.write(run([sys.executable, os.path.join(ROOT, "scripts", "synth.py"), str(n)]))
            cases.append((f"synth {n}", [model]))
        for ex in ("retail", "insurance.ddd", "clinic.ddd"):
            cases.append((f"examples/{ex}", [os.path.join(ROOT, "examples", ex)]))
        for name, paths in cases:
            line, good = row(name, paths, binary)
            ok &= good
            rows.append(line)
            print(line, file=sys.stderr)
    table = "\n".join([
        "| model | edges | ddgen crossings | dot crossings | ddgen ÷ dot | ddgen edge length | dot edge length "
        "| ddgen area | dot area | ddgen time | dot time |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ])
    print(table)
    if write:
        doc = os.path.join(ROOT, "docs", "map.md")
        text = open(doc).read()
        begin, end = "<!-- map-quality:begin -->", "<!-- map-quality:end -->"
        a, b = text.index(begin) + len(begin), text.index(end)
        with open(doc, "w") as f:
            f.write(text[:a] + "\n" + table + "\n" + text[b:])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
