"""Big RDF files read through a temporary store give what the in-memory reader gives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import EXAMPLES

from kg.errors import RdfInputError
from kg.export import export
from kg.ingest import ingest
from kg.inputs import dispatch as readers
from kg.inputs.dispatch import read_rdf
from kg.inputs.rdf import stream_rdf
from kg.model import ClaimSet
from kg.store import open_store


def exported(tmp_path: Path, fmt: str, suffix: str) -> Path:
    with open_store("memory:", writable=True) as store:
        ingest(store, [EXAMPLES / "meta-talent-war.yaml", EXAMPLES / "openai-board-2023.json"])
        out = io.BytesIO()
        export(store, out, fmt)
    path = tmp_path / f"export{suffix}"
    path.write_bytes(out.getvalue())
    return path


def streamed(path: Path) -> ClaimSet:
    result = ClaimSet()
    for claim in stream_rdf(path, result, lambda fraction: None):
        result.claims[claim.iri] = claim
    return result


@pytest.mark.parametrize(("fmt", "suffix"), [("nt", ".nt"), ("nquads", ".nq"), ("turtle", ".ttl")])
def test_streaming_reads_what_the_whole_file_reader_reads(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    path = exported(tmp_path, fmt, suffix)
    assert streamed(path) == read_rdf(path)


def test_a_triple_outside_the_vocabulary_is_refused(tmp_path: Path) -> None:
    path = exported(tmp_path, "nt", ".nt")
    with path.open("a") as out:
        out.write("<https://example.org/x> <https://example.org/likes> <https://example.org/y> .\n")
    with pytest.raises(RdfInputError, match="is not in the claimgraph vocabulary"):
        streamed(path)


def test_a_claim_without_a_claimant_is_refused(tmp_path: Path) -> None:
    path = exported(tmp_path, "nt", ".nt")
    lines = [
        line
        for line in path.read_text().splitlines()
        if "altman-100m> <https://w3id.org/claimgraph/ns#claimant>" not in line
    ]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(RdfInputError, match="lacks the required"):
        streamed(path)


def test_hedged_in_either_spelling_of_xsd_boolean(tmp_path: Path) -> None:
    # An export from a Virtuoso store spells true as "1": the same claims, still hedged.
    with open_store("memory:", writable=True) as store:
        ingest(store, [EXAMPLES / "harbour-strike.yaml"])
        out = io.BytesIO()
        export(store, out, "nt")
    text = out.getvalue().decode()
    boolean = "^^<http://www.w3.org/2001/XMLSchema#boolean>"
    assert f'"true"{boolean}' in text
    (tmp_path / "words.nt").write_text(text)
    (tmp_path / "digits.nt").write_text(text.replace(f'"true"{boolean}', f'"1"{boolean}'))
    words, digits = read_rdf(tmp_path / "words.nt"), read_rdf(tmp_path / "digits.nt")
    assert words == digits
    assert any(claim.hedged for claim in digits.claims.values())
    (tmp_path / "other.nt").write_text(text.replace(f'"true"{boolean}', f'"yes"{boolean}'))
    with pytest.raises(RdfInputError, match="must be true or false, not 'yes'"):
        read_rdf(tmp_path / "other.nt")


def test_a_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.nt"
    path.write_text(
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n<oops\n"
    )
    with pytest.raises(RdfInputError) as info:
        streamed(path)
    assert info.value.problems[0].line == 2


def test_ingest_streams_rdf_files_past_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = exported(tmp_path, "nquads", ".nq")
    dumps = []
    for limit in (10**12, 0):  # the whole-file reader, then the streaming one
        monkeypatch.setattr(readers, "RDF_STREAM_MIN_BYTES", limit)
        with open_store(str(tmp_path / f"store-{limit}"), writable=True) as store:
            report = ingest(store, [path])
            out = io.BytesIO()
            export(store, out, "nquads")
        dumps.append((report.summary(), out.getvalue()))
    assert dumps[0] == dumps[1]
