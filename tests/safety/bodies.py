"""Checks the default bodies of generated `service.py` files (paths in argv).

A body never publishes itself, never emits more than one event, and never
passes a made-up value: an empty string, a zero, or an id built from one.
Prints one line per violation; exits 1 when there is any.
"""

import ast
import sys


def invented(node: ast.expr) -> bool:
    """A literal "" or 0, or `SomeId("")` / `SomeId(0)`."""
    if isinstance(node, ast.Constant) and node.value in ("", 0) and not isinstance(node.value, bool):
        return True
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        return invented(node.args[0])
    return False


def events_of(call: ast.Call) -> int:
    """How many events one call emits: `outbox.emit(a, b)`, `save(x, events=(a,))`."""
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr == "emit":
        return len(call.args)
    for k in call.keywords:
        if k.arg == "events":
            return len(k.value.elts) if isinstance(k.value, ast.Tuple) else 99
    return 0


def main() -> int:
    bad = []
    for path in sys.argv[1:]:
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
            emitted = 0
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call):
                    continue
                f = node.func
                if isinstance(f, ast.Attribute) and f.attr == "publish":
                    bad.append(f"{path}: {fn.name} publishes directly")
                emitted += events_of(node)
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    if invented(arg):
                        bad.append(f"{path}: {fn.name} passes {ast.unparse(arg)}")
            if emitted > 1:
                bad.append(f"{path}: {fn.name} emits {emitted} events")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
