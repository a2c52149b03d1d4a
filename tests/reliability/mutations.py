"""Hostile inputs for the fuzzing of item 1: valid documents mutated, and odd structures built.

Three kinds of input per format, all drawn by hypothesis:

* **byte mutations** of a valid seed document: flipped bytes, cut ranges, truncation,
  inserted syntax of the format, repeated chunks, odd unicode (BOM, NUL, bidi controls,
  encoded surrogates, overlong UTF-8);
* **semantic mutations**: a valid document with one value replaced by an odd one (a
  5,000-digit number, ``1e999999999``, a date past year 9999 once converted to UTC, a
  nested list where text belongs, a YAML alias bomb…), then written in the format, so the
  syntax is right and the meaning is wrong;
* **odd structures** built from scratch: deep nesting, alias bombs, huge strings, remote
  JSON-LD contexts, RDF-star, relative IRIs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import yaml
from hypothesis import strategies as st

__all__ = ["FORMATS", "hostile_inputs", "odd_structures", "write_sheet"]

#: format name → file suffix
FORMATS = {
    "yaml": ".yaml",
    "json": ".json",
    "turtle": ".ttl",
    "trig": ".trig",
    "ntriples": ".nt",
    "jsonld": ".jsonld",
}
RDF_SYNTAX = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}

# --- byte-level mutations -----------------------------------------------------------------------

ODD_BYTES = [
    b"\x00",
    b"\xef\xbb\xbf",  # a BOM in the middle
    b"\xed\xa0\x80",  # an encoded UTF-16 surrogate (invalid UTF-8)
    b"\xc0\xaf",  # an overlong '/'
    b"\xff\xfe",
    b"\xe2\x80\xae",  # RIGHT-TO-LEFT OVERRIDE
    b"\xe2\x80\x8f",  # RIGHT-TO-LEFT MARK
    b"\xe2\x80\xa8",  # LINE SEPARATOR
    b"\xc2\x85",  # NEXT LINE
    b"\xf0\x9f\x98\x80",  # an emoji
    b"\xcc\x81" * 40,  # combining marks
    b"\r",
    b"\t",
    b"\\",
    b'"',
    b"'",
    b"\\u0000",
    b"\\ud800",
    b"\\U0010FFFF",
    b"\\U00110000",
]
SYNTAX = {
    "yaml": [
        b": ",
        b"- ",
        b"? ",
        b"{",
        b"}",
        b"[",
        b"]",
        b"&a ",
        b"*a",
        b"<<: *a\n",
        b"!!python/object/apply:os.system ['true']",
        b"!!binary aGVsbG8=",
        b"!!set {a, b}",
        b"!!omap [a: 1]",
        b"!!timestamp 2025-13-45",
        b"!!float .nan",
        b"!!int 0x",
        b"!custom x",
        *(
            b"!!" + tag + b" "
            for tag in (
                b"float",
                b"int",
                b"bool",
                b"map",
                b"seq",
                b"str",
                b"null",
                b"binary",
                b"set",
                b"pairs",
                b"omap",
                b"timestamp",
                b"merge",
                b"value",
            )
        ),
        b"%YAML 1.1\n---\n",
        b"\n---\n",
        b"\n...\n",
        b"|\n  block\n",
        b">-\n  folded\n",
        b"#",
        b"\n  ",
        b"1e999999999",
        b"9" * 5000,
        b".inf",
        b"0o17",
        b"0x_ff",
        b"2025-06-31",
        b"9999-12-31T23:59:59-14:00",
    ],
    "json": [
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b'"',
        b'"\\ud800"',
        b'"\\u0000"',
        b"NaN",
        b"-Infinity",
        b"1e999999999",
        b"9" * 5000,
        b"null",
        b"true",
        b'{"sheet": 1}',
        b'"sheet": 1, "sheet": 1',
        b"[" * 3000,
    ],
    "turtle": [
        b"<",
        b">",
        b"<http://a/b c>",
        b"<file:///etc/passwd>",
        b'"""',
        b'"',
        b"^^",
        b"@",
        b"@fr-",
        b"_:b0",
        b"[",
        b"]",
        b"(",
        b")",
        b"<<",
        b">>",
        b"{",
        b".",
        b";",
        b",",
        b"@prefix x: <http://x/> .\n",
        b"@base <file:///tmp/> .\n",
        b"PREFIX : <>\n",
        b"a",
        b"true",
        b"1e999999999",
        b"9" * 5000,
        b"\\u0000",
        b"<\\u0020>",
    ],
    "jsonld": [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"@context": "http://127.0.0.1:9/ctx.jsonld",',
        b'"@context": {"@vocab": "file:///etc/"},',
        b'"@id": "relative",',
        b'"@type": "@json",',
        b'"@list": [',
        b'"@reverse": {',
        b'"@graph": [',
        b'"@value": 1e999999999,',
        b'"@language": "",',
        b"9" * 5000,
        b"NaN",
        b'"\\ud800"',
    ],
}
SYNTAX["trig"] = SYNTAX["turtle"] + [b"GRAPH <http://g> {", b"}"]
SYNTAX["ntriples"] = SYNTAX["turtle"]


def _apply(data: bytes, op: tuple[Any, ...]) -> bytes:
    kind, at, *rest = op
    if not data:
        return rest[-1] if kind == "insert" else data
    pos = at % (len(data) + 1)
    if kind == "flip":
        if pos == len(data):
            return data
        return data[:pos] + bytes([data[pos] ^ rest[0]]) + data[pos + 1 :]
    if kind == "delete":
        return data[:pos] + data[pos + rest[0] :]
    if kind == "truncate":
        return data[:pos]
    if kind == "insert":
        return data[:pos] + rest[0] + data[pos:]
    if kind == "repeat":
        length, times = rest
        return data[:pos] + data[pos : pos + length] * times + data[pos:]
    raise AssertionError(kind)


def byte_mutations(fmt: str, seeds: Sequence[bytes]) -> st.SearchStrategy[bytes]:
    """A seed with one to four byte-level edits."""
    snippets = st.sampled_from(SYNTAX[fmt] + ODD_BYTES)
    position = st.integers(0, 2**31)
    op = st.one_of(
        st.tuples(st.just("flip"), position, st.integers(1, 255)),
        st.tuples(st.just("delete"), position, st.integers(1, 64)),
        st.tuples(st.just("truncate"), position),
        st.tuples(st.just("insert"), position, snippets),
        st.tuples(st.just("repeat"), position, st.integers(1, 40), st.integers(2, 60)),
    )

    def mutate(seed: bytes, ops: list[tuple[Any, ...]]) -> bytes:
        for one in ops:
            seed = _apply(seed, one)
        return seed

    return st.builds(mutate, st.sampled_from(list(seeds)), st.lists(op, min_size=1, max_size=4))


# --- semantic mutations of sheets -----------------------------------------------------------------


class _Bomb(list):  # type: ignore[type-arg]
    """A marker: written to YAML as a billion-laughs alias structure."""


class _Digits(str):
    """A number too long for Python's int-to-text limit, written as its digits."""


def _bomb(levels: int) -> _Bomb:
    return _Bomb([levels])


ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    _Digits("9" * 5000),
    Decimal("1e999999999"),
    Decimal("-1e999999999"),
    Decimal("1e-999999999"),
    Decimal("123456789012345678901234567890.123456789012345678901234567890"),
    float("nan"),
    float("inf"),
    "",
    " ",
    "\u200f\u202e",
    "x\x00y",
    "a\nb\tc",
    "\ud800",
    "😀" * 200,
    "ab" * 50_000,
    "0000",
    "0000-01",
    "2025-02-30",
    "2025-13",
    "-0001",
    "10000-01-01",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "2025-06-15T25:00:00",
    "http://example.org/a b",
    "> } INSERT DATA { <http://x> <http://y> <http://z> } #",
    "<http://example.org/x>",
    "schema:",
    "schema://x",
    "urn:",
    [],
    [[[[[]]]]],
    ["a", ["b"]],
    {},
    {"value": None},
    {"text": None, "lang": "fr"},
    {"iri": "javascript:alert(1)"},
    {"value": "1e999999999", "datatype": "decimal"},
    {"value": _Digits("9" * 5000), "datatype": "integer"},
    {"value": "9999-12-31T23:59:59-14:00", "datatype": "dateTime"},
    {"value": 1, "datatype": "http://example.org/dt"},
    {"min": 5, "max": 1, "currency": "USD"},
    {"value": Decimal("1e999999999"), "currency": "USD"},
    {"min": Decimal("-1e999999999"), "currency": "usd"},
    {"from": "9999-12-31T23:59:59-14:00"},
    {"from": "2025", "to": "2024"},
    _bomb(6),
]


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``doc`` (mapping keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(doc, _Bomb):  # a marker, written whole
        return out
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, prefix + (key,))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out += _paths(value, prefix + (index,))
    return out


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def semantic_mutations(docs: Sequence[dict[str, Any]], fmt: str) -> st.SearchStrategy[bytes]:
    """A valid sheet with one to three values replaced by odd ones, written as ``fmt``."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        doc = docs[draw(st.integers(0, len(docs) - 1))]
        for _ in range(draw(st.integers(1, 3))):
            paths = _paths(doc)  # of the document as the last replacement left it
            if not paths:
                break
            path = draw(st.sampled_from(paths))
            doc = _replace(doc, path, draw(st.sampled_from(ODD_VALUES)))
        return write_sheet(doc, fmt)

    return build()


def write_sheet(doc: Any, fmt: str) -> bytes:
    """``doc`` as YAML or JSON text; decimals keep their digits, bombs become aliases."""
    if fmt == "json":
        return _json_text(doc).encode("utf-8", "surrogatepass")
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        # PyYAML writes these line breaks raw inside quotes, where YAML folds them into a
        # space ('0\x85' came back '0 '): escaped output keeps them, as a person would.
        text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=False, sort_keys=False)
    return text.encode("utf-8", "surrogatepass")


def _json_text(value: Any) -> str:
    if isinstance(value, _Bomb):
        return _json_text([["lol"] * 10] * 10)
    if isinstance(value, dict):
        return (
            "{" + ",".join(f"{json.dumps(str(k))}:{_json_text(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    if isinstance(value, _Digits):
        return str(value)
    if isinstance(value, Decimal):
        text = str(value)
        return text if ("." in text or "E" in text) else text + ".0"
    if isinstance(value, float):
        return json.dumps(value)  # NaN and Infinity, which Python's json reads back
    return json.dumps(value)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = str(value)
    if "." not in text:
        text = text.replace("E", ".0E") if "E" in text else text + ".0"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _represent_bomb(dumper: yaml.SafeDumper, value: _Bomb) -> yaml.Node:
    # The billion-laughs shape: each level is a list of ten aliases of the level below.
    levels = value[0]
    node: Any = ["lol"] * 10
    for _ in range(levels):
        node = [node] * 10
    return dumper.represent_list(node)


def _represent_digits(dumper: yaml.SafeDumper, value: _Digits) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:int", str(value))


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(_Digits, _represent_digits)
_Dumper.add_representer(_Bomb, _represent_bomb)


# --- semantic mutations of RDF --------------------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
ODD_TERMS: list[ox.NamedNode | ox.BlankNode | ox.Literal] = [
    ox.BlankNode("odd"),
    ox.NamedNode("http://example.org/nowhere"),
    ox.NamedNode("file:///etc/passwd"),
    ox.Literal(""),
    ox.Literal("> } INSERT DATA { <http://x> <http://y> <http://z> } #"),
    ox.Literal("x\x00y\n\t\"'\\"),
    ox.Literal("\u202e\u200f مرحبا 😀"),
    ox.Literal("1e999999999", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("-1e999999999", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("9" * 5000, datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("9" * 5000, datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("NaN", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("INF", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("9999-12-31T23:59:59-14:00", datatype=ox.NamedNode(XSD + "dateTime")),
    ox.Literal("0001-01-01T00:00:00+14:00", datatype=ox.NamedNode(XSD + "dateTime")),
    ox.Literal("10000", datatype=ox.NamedNode(XSD + "gYear")),
    ox.Literal("-0044", datatype=ox.NamedNode(XSD + "gYear")),
    ox.Literal("2025-02-30", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("2025", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("x", language="en"),
    ox.Literal("x", language="x-private-use-tag"),
    ox.Literal("x", datatype=ox.NamedNode("http://example.org/dt")),
]


def rdf_semantic_mutations(seeds: Sequence[list[ox.Quad]], fmt: str) -> st.SearchStrategy[bytes]:
    """Valid RDF with one to three quads changed (object, subject or a duplicate added)."""
    syntax = RDF_SYNTAX[fmt]

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        quads = list(draw(st.sampled_from(list(seeds))))
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(quads) - 1))
            quad = quads[at]
            term = draw(st.sampled_from(ODD_TERMS))
            how = draw(st.sampled_from(["object", "subject", "add", "drop"]))
            if how == "object":
                quads[at] = ox.Quad(quad.subject, quad.predicate, term, quad.graph_name)
            elif how == "subject" and not isinstance(term, ox.Literal):
                quads[at] = ox.Quad(term, quad.predicate, quad.object, quad.graph_name)
            elif how == "add":
                quads.append(ox.Quad(quad.subject, quad.predicate, term, quad.graph_name))
            elif how == "drop":
                del quads[at]
        if not syntax.supports_datasets:
            quads = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
        return ox.serialize(quads, format=syntax)

    return build()


# --- odd structures built from scratch --------------------------------------------------------------


def _yaml_bomb(levels: int, where: str) -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        refs = ",".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    top = f"*a{levels}"
    body = {
        "sheet": f"sheet: {top}",
        "base": f"sheet: 1\nbase: {top}",
        "claims": f"sheet: 1\nsources: []\nclaims: {top}",
        "name": f"sheet: 1\nsources: []\nclaims: []\nagents: [{{id: a, name: {top}, type: Person}}]",
        "id": f"sheet: 1\nsources: [{{id: {top}, title: t}}]\nclaims: []",
        "aliases": f"sheet: 1\nsources: []\nclaims: []\nagents: [{{id: a, name: A, aliases: {top}}}]",
        "key": f"sheet: 1\n{top}: 1",
    }[where]
    return ("\n".join(["x: &x"] + ["  " + line for line in lines]) + "\n" + body + "\n").encode()


def _nest(opening: str, closing: str, depth: int, inner: str = "") -> str:
    return opening * depth + inner + closing * depth


def odd_structures(fmt: str) -> st.SearchStrategy[bytes]:
    """Documents built to stress a parser: deep nesting, bombs, huge values, remote contexts."""
    depth = st.sampled_from([10, 100, 500, 1000, 5000, 20_000, 100_000])
    size = st.sampled_from([1_000, 100_000, 2_000_000])
    builders: list[st.SearchStrategy[bytes]] = []
    if fmt == "yaml":
        builders += [
            depth.map(lambda d: ("sheet: " + _nest("[", "]", d)).encode()),
            depth.map(lambda d: ("sheet: " + _nest("{a: ", "}", d, "1")).encode()),
            depth.map(lambda d: "".join(f"{'  ' * i}- \n" for i in range(min(d, 1000))).encode()),
            st.builds(
                _yaml_bomb,
                st.integers(1, 9),
                st.sampled_from(["sheet", "base", "claims", "name", "id", "aliases", "key"]),
            ),
            size.map(lambda n: b"sheet: 1\nbase: '" + b"x" * n + b"'\n"),
            st.sampled_from(
                [
                    b"sheet: !!python/object/apply:os.system ['echo owned']",
                    b"!!python/name:os.system",
                    b"sheet: 1\n<<: {sources: []}\n",
                    b"--- 1\n--- 2\n",
                    b"\xff\xfes\x00h\x00e\x00e\x00t\x00:\x00 \x001\x00",
                    b"sheet: 1\nsources: &s [{id: s, title: *s}]\nclaims: []\n",
                    b"&a [*a]",
                    b'sheet: 1\nsources:\n  - id: s\n    title: "\\ud800"\nclaims: []\n',
                ]
            ),
        ]
    elif fmt == "json":
        builders += [
            depth.map(lambda d: ('{"sheet": ' + _nest("[", "]", d) + "}").encode()),
            depth.map(lambda d: _nest('{"a":', "}", d, "1").encode()),
            size.map(lambda n: b'{"sheet": 1, "base": "' + b"x" * n + b'"}'),
            st.sampled_from(
                [
                    b'{"sheet": ' + b"9" * 5000 + b"}",
                    b'{"sheet": 1e999999999}',
                    b'{"sheet": NaN, "sources": [], "claims": []}',
                    b'{"sheet": 1, "sheet": 1}',
                    b'{"sheet": 1, "sources": [{"id": "s", "title": "\\ud800"}], "claims": []}',
                    '{"sheet": 1}'.encode("utf-16"),
                    b"\xef\xbb\xbf\xef\xbb\xbf{}",
                    b"[]",
                    b'{"@context": "http://127.0.0.1:9/ctx", "@id": "http://a"}',
                ]
            ),
        ]
    elif fmt in ("turtle", "trig", "ntriples"):
        triple = "<http://a/s> <http://a/p> {} ."
        builders += [
            depth.map(lambda d: triple.format(_nest("[ <http://a/p> ", " ]", d, "1")).encode()),
            depth.map(lambda d: triple.format(_nest("( ", " )", d)).encode()),
            depth.map(
                lambda d: triple.format(
                    "<< " * d + "<http://a/s> <http://a/p> 1" + " >>" * d
                ).encode()
            ),
            size.map(lambda n: triple.format('"' + "x" * n + '"').encode()),
            size.map(lambda n: triple.format("<http://a/" + "x" * n + ">").encode()),
            size.map(lambda n: triple.format('"x"@' + "a" * min(n, 10_000)).encode()),
            st.sampled_from(
                [
                    b"<s> <p> <o> .",
                    b"@base <file:///etc/> . <passwd> <p> <o> .",
                    b'<http://a/s> <http://a/p> "\\u0000\\uD800" .',
                    b"<http://a/s\\u0020x> <http://a/p> 1 .",
                    b"_:a <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/claimgraph/ns#Claim> .",
                    b"<http://a/s> <http://a/p> " + b"9" * 5000 + b" .",
                    b"<http://a/s> <http://a/p> 1e999999999 .",
                ]
            ),
        ]
    else:  # JSON-LD
        node = '{{"@id": "http://a/s", "http://a/p": {}}}'
        builders += [
            depth.map(lambda d: ('{"@graph": ' + _nest("[", "]", d) + "}").encode()),
            depth.map(lambda d: node.format(_nest('{"http://a/p": ', "}", d, "1")).encode()),
            depth.map(lambda d: node.format(_nest('{"@list": [', "]}", d, "1")).encode()),
            depth.map(lambda d: _nest('{"@context": ', "}", min(d, 5000), "{}").encode()),
            size.map(lambda n: node.format('"' + "x" * n + '"').encode()),
            st.sampled_from(
                [
                    b'{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://a/s"}',
                    b'{"@context": ["https://schema.org/"], "@id": "http://a/s", "name": "x"}',
                    b'{"@context": {"@import": "http://127.0.0.1:9/ctx"}, "@id": "http://a/s"}',
                    b'{"@context": "file:///etc/passwd", "@id": "http://a/s"}',
                    b'{"@context": {"@base": "file:///etc/"}, "@id": "passwd", "http://a/p": 1}',
                    b'{"@id": "relative", "http://a/p": 1}',
                    b'{"@id": "http://a/s", "http://a/p": {"@value": 1e999999999}}',
                    b'{"@id": "http://a/s", "http://a/p": ' + b"9" * 5000 + b"}",
                    b'{"@id": "http://a/s", "http://a/p": {"@value": "x", "@type": "@json"}}',
                    b'{"@id": "http://a/s", "http://a/p": {"@value": {"a": 1}, "@type": "@json"}}',
                    b'[{"@id": "http://a/s", "@reverse": {"http://a/p": {"@id": "http://a/o"}}}]',
                ]
            ),
        ]
    return st.one_of(builders)


def hostile_inputs(
    fmt: str,
    seeds: Sequence[bytes],
    docs: Sequence[dict[str, Any]],
    quads: Sequence[list[ox.Quad]],
) -> st.SearchStrategy[bytes]:
    """Every kind of hostile input for ``fmt`` (see the module docstring)."""
    semantic: Callable[[], st.SearchStrategy[bytes]]
    if fmt in ("yaml", "json"):
        semantic = lambda: semantic_mutations(docs, fmt)  # noqa: E731
    else:
        semantic = lambda: rdf_semantic_mutations(quads, fmt)  # noqa: E731
    return st.one_of(byte_mutations(fmt, seeds), semantic(), odd_structures(fmt))
