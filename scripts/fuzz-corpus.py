#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus (Fuzz/Corpus/) from the repository's own inputs.

Scenario seeds: the shipped scenarios, then every scenario-like JSON literal in the tests (a
multi-line string that starts with '{', has no interpolation, and names "horizon" or is
refused on purpose), each once. History seeds: the shipped history, then every CSV literal
the tests parse. File names are the first 16 hex digits of the content's SHA-256, so a
re-run only adds what is new. Also writes Fuzz/scenario.dict, libFuzzer's dictionary of JSON
tokens and of every key and enumerated value of docs/scenario.schema.json.
Run from the repository root: python3 scripts/fuzz-corpus.py
"""
import glob
import hashlib
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "Corpus")


def write(kind, data):
    folder = os.path.join(CORPUS, kind)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha256(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def swift_multiline_literals(text):
    """The bodies of Swift \"\"\" literals, with their common indentation removed."""
    for match in re.finditer(r'"""\n(.*?)\n([ \t]*)"""', text, re.S):
        body, indent = match.group(1), match.group(2)
        if "\\(" in body:
            continue
        lines = [line[len(indent):] if line.startswith(indent) else line for line in body.split("\n")]
        yield "\n".join(lines)


def swift_string_literals(text):
    """Single-line Swift string literals, unescaped (\\n, \\r, \\t, \\", \\\\)."""
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        raw = match.group(1)
        if "\\(" in raw or "\\u{" in raw:
            continue
        yield (raw.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")
               .replace('\\"', '"').replace("\\\\", "\\"))


TOKENS = ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "-", "0", "1e308", "-1e-308", "0.5",
          "18446744073709551616", "9007199254740993", "\\u0000", "\\ud800", '\\"', "\\\\"]


def dictionary_entry(token):
    escaped = "".join("\\x%02x" % b if b < 0x20 or b in (0x22, 0x5C) or b > 0x7E else chr(b)
                      for b in token.encode())
    return '"%s"' % escaped


def write_dictionary():
    with open(os.path.join(ROOT, "docs", "scenario.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    words = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    words.update(value.keys())
                if key == "enum" and isinstance(value, list):
                    words.update(v for v in value if isinstance(v, str))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    lines = ["# libFuzzer dictionary for FuzzScenario, written by scripts/fuzz-corpus.py: JSON tokens,",
             "# the input's history marker, and every key and enumerated value of docs/scenario.schema.json."]
    lines += [dictionary_entry(t) for t in TOKENS]
    lines.append(dictionary_entry("\n#history\n"))
    lines += [dictionary_entry('"%s"' % w) for w in sorted(words)]
    with open(os.path.join(ROOT, "Fuzz", "scenario.dict"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    write_dictionary()
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.json"))):
        with open(path, "rb") as f:
            write("scenario", f.read())
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests", "**", "*.swift"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for body in swift_multiline_literals(text):
            if body.lstrip().startswith("{"):
                write("scenario", body.encode())
            elif body.startswith("month") or "," in body.split("\n", 1)[0]:
                write("history", body.encode())
        for literal in swift_string_literals(text):
            if literal.startswith("{") and len(literal) > 20:
                write("scenario", literal.encode())
            elif "\n" in literal and ("," in literal or ";" in literal) and len(literal) < 4000:
                write("history", literal.encode())
    with open(os.path.join(ROOT, "scenarios", "history", "company-a.csv"), "rb") as f:
        write("history", f.read())


if __name__ == "__main__":
    main()
