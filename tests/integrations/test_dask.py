"""
personal_touch.dask: the verbs over bags give what one process gives.
"""

from __future__ import annotations

import json
import pickle
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pendulum
import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import dask.bag  # noqa: E402

import personal_touch as pt  # noqa: E402
import personal_touch.dask as ptd  # noqa: E402
from personal_touch import converters, rules  # noqa: E402
from personal_touch.exceptions import InvalidFieldError, InvalidInputError  # noqa: E402
from personal_touch.testing import synthetic_contacts, synthetic_ledger  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")
WITHIN = pendulum.duration(days=45)
N = 120


def _history(contact: pt.Contact, n: int) -> list[pt.Interaction]:
    """A few sends and an unsubscribe now and then, deterministic per contact."""
    out = [
        pt.Interaction(
            contact_id=contact.id,
            kind="sent",
            at=AT.subtract(days=3 * k + 1),
            channel="email",
            purpose="marketing",
        )
        for k in range(n % 4)
    ]
    if n % 7 == 0:
        out.append(
            pt.Interaction(
                contact_id=contact.id, kind="unsubscribed", at=AT.subtract(days=40), channel="email"
            )
        )
    return out


@pytest.fixture(scope="module")
def population() -> list[tuple[pt.Contact, pt.ConsentLedger, list[pt.Interaction]]]:
    return [
        (c, synthetic_ledger(c, seed=n), _history(c, n))
        for n, c in enumerate(synthetic_contacts(N, seed=11))
    ]


@pytest.fixture(scope="module")
def records(population: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "contact": converters.unstructure(c),
            "consents": converters.unstructure(list(ledger.entries)),
            "history": converters.unstructure(history),
        }
        for c, ledger, history in population
    ]


def _sample_records() -> list[dict[str, Any]]:
    """The bundled sample, one record per contact."""
    doc = json.loads(files("personal_touch").joinpath("data/sample.json").read_text())
    return [
        {
            "contact": c,
            "consents": [g for g in doc["consents"] if g["contact_id"] == c["id"]],
            "history": [i for i in doc["history"] if i["contact_id"] == c["id"]],
        }
        for c in doc["contacts"]
    ]


def _message(n: int) -> dict[str, Any]:
    channel = ("email", "sms", "phone", "push")[n % 4]
    level = ("generic", "customized", "personal")[n % 3]
    purpose = ("marketing", "relationship")[n % 2]
    return converters.unstructure(
        pt.Message(
            purpose=purpose,
            channel=channel,
            level=level,
            content=pt.ContentFlags.declared(),
        )
    )


@pytest.fixture(scope="module")
def requests(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**r, "message": _message(n), "at": AT.add(hours=n).isoformat()}
        for n, r in enumerate(records)
    ]


@pytest.fixture(scope="module")
def cluster() -> Any:
    with ptd.client(workers=2, memory_limit="1GiB") as client:
        yield client


class TestDecide:
    def test_bag_equals_one_process_equals_decide(self, requests: list[Any], cluster: Any) -> None:
        """On a cluster of two processes, each request decides as pt.decide decides it."""
        bag = dask.bag.from_sequence(requests, npartitions=7)
        on_cluster = ptd.decide(bag).compute()
        one_process = list(ptd.decide_records(requests))
        direct = [
            converters.unstructure(converters.structure(r, pt.DecisionRequest).decide())
            for r in requests
        ]
        assert on_cluster == one_process == direct
        assert {d["verdict"] for d in direct} >= {"allow", "deny"}

    def test_partitioning_does_not_change_answers(self, requests: list[Any]) -> None:
        one = ptd.decide(dask.bag.from_sequence(requests, npartitions=1))
        many = ptd.decide(dask.bag.from_sequence(requests, npartitions=13))
        assert one.compute(scheduler="sync") == many.compute(scheduler="sync")

    def test_a_custom_policy_travels_to_the_workers(self, requests: list[Any]) -> None:
        """A policy of module-level rules pickles, and the workers decide with it."""
        core = pt.Policy(name="core", version="test", rules=rules.CORE_RULES)
        assert pickle.loads(pickle.dumps(core)) == core
        bag = dask.bag.from_sequence(requests[:30], npartitions=3)
        got = ptd.decide(bag, policy=core).compute(scheduler="processes", num_workers=2)
        assert got == list(ptd.decide_records(requests[:30], policy=core))
        assert got != list(ptd.decide_records(requests[:30])), "the default policy decided"

    def test_a_bad_row_names_its_place_not_its_values(self, requests: list[Any]) -> None:
        bad = [*requests[:2], {**requests[2], "contact": {"id": "Secret-Person", "stage": 7}}]
        with pytest.raises(InvalidInputError) as info:
            list(ptd.decide_records(bad))
        text = " ".join(info.value.errors)
        assert "$[2].contact" in text
        assert "Secret-Person" not in text


class TestScanAndPlan:
    def test_scan_equals_one_scan_of_everyone(self, records: list[Any], population: Any) -> None:
        bag = dask.bag.from_sequence(records, npartitions=5)
        got = ptd.scan(bag, at=AT, within=WITHIN).compute(scheduler="sync")
        whole = pt.scan_moments([c for c, _, _ in population], at=AT, within=WITHIN)
        assert got == [converters.unstructure(m) for m in whole]
        assert len(got) > 10

    def test_bare_contacts_scan_too(self, records: list[Any]) -> None:
        bare = [r["contact"] for r in records]
        assert list(ptd.scan_records(bare, at=AT, within=WITHIN)) == list(
            ptd.scan_records(records, at=AT, within=WITHIN)
        )

    def test_plans_per_contact_are_the_whole_plan(self, records: list[Any], cluster: Any) -> None:
        """Without a team, the per-contact plans add up to the plan for everyone."""
        rows = [*_sample_records(), *records]
        bag = dask.bag.from_sequence(rows, npartitions=4)
        plans = ptd.plan(bag, at=AT, within=WITHIN).compute()
        assert plans == list(ptd.plan_records(rows, at=AT, within=WITHIN))
        contacts = [converters.structure(r["contact"], pt.Contact) for r in rows]
        grants = converters.structure(
            [g for r in rows for g in r["consents"]], tuple[pt.ConsentGrant, ...]
        )
        whole = pt.plan(
            pt.scan_moments(contacts, at=AT, within=WITHIN),
            contacts,
            consents=[
                pt.ConsentLedger(c.id, tuple(g for g in grants if g.contact_id == c.id))
                for c in contacts
            ],
            history=converters.structure(
                [i for r in rows for i in r["history"]], tuple[pt.Interaction, ...]
            ),
            at=AT,
            within=WITHIN,
        )
        doc = converters.unstructure(whole)

        def key(task: dict[str, Any]) -> str:
            return json.dumps(task, sort_keys=True)

        for part in ("automated", "skipped"):
            mine = sorted((t for p in plans for t in p.get(part, [])), key=key)
            assert mine == sorted(doc.get(part, []), key=key)
        assert sum(len(p.get("automated", [])) for p in plans) > 0


class TestInput:
    def test_json_lines(self, tmp_path: Path, requests: list[Any]) -> None:
        path = tmp_path / "requests.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in requests[:20]) + "\n\n")
        bag = ptd.read_json_lines(str(path), blocksize=2_000)
        assert bag.npartitions > 1
        assert bag.compute(scheduler="sync") == requests[:20]

    def test_a_line_that_is_not_json(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.jsonl"
        path.write_text('{"a": 1}\n{"Secret-Value": \n')
        with pytest.raises(InvalidInputError) as info:
            ptd.read_json_lines(str(path)).compute(scheduler="sync")
        assert "Secret-Value" not in str(info.value)
        assert list(info.value.errors) == ["not valid JSON @ $[1]"]

    def test_parquet_rows_decide_like_json(self, tmp_path: Path, requests: list[Any]) -> None:
        """JSON columns come back as the records they were written from."""
        parts = ("contact", "consents", "history", "message")
        rows = [{**r, **{k: json.dumps(r[k]) for k in parts}} for r in requests[:25]]
        path = tmp_path / "requests.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=10)
        bag = ptd.read_parquet(str(path), json_columns=parts)
        assert bag.npartitions == 3
        back = bag.compute(scheduler="sync")
        assert back == requests[:25]
        assert list(ptd.decide_records(back)) == list(ptd.decide_records(requests[:25]))

    def test_nested_parquet_columns(self, tmp_path: Path) -> None:
        """Struct and list columns read back as dicts and lists, ready to structure."""
        rows = [
            {
                "contact": {"id": f"c-{n}", "created_at": "2024-01-01T00:00:00+00:00"},
                "consents": [],
                "history": [],
            }
            for n in range(5)
        ]
        path = tmp_path / "contacts.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
        back = ptd.read_parquet(str(path)).compute(scheduler="sync")
        assert [converters.structure(r["contact"], pt.Contact).id for r in back] == [
            f"c-{n}" for n in range(5)
        ]

    def test_a_json_column_that_is_not_json(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.parquet"
        pq.write_table(pa.Table.from_pylist([{"contact": "{Secret"}]), path)
        with pytest.raises(InvalidInputError) as info:
            ptd.read_parquet(str(path), json_columns=["contact"]).compute(scheduler="sync")
        assert list(info.value.errors) == ["not valid JSON @ $[0].contact"]


class TestClient:
    def test_workers_must_be_positive(self) -> None:
        with pytest.raises(InvalidFieldError, match="workers"), ptd.client(workers=0):
            pass

    def test_workers_or_an_address(self) -> None:
        with (
            pytest.raises(InvalidFieldError, match="workers"),
            ptd.client(workers=2, address="tcp://127.0.0.1:1"),
        ):
            pass


class TestCommandLine:
    """``--workers N`` prints what one process prints, in the same order."""

    def _run(self, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
        from personal_touch._cli import main

        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    def test_moments(
        self, tmp_path: Path, records: list[Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "contacts.jsonl"
        lines = [json.dumps(r["contact"]) for r in records]
        lines.insert(7, '{"id": "x", "created_at": 5}')
        path.write_text("\n".join(lines) + "\n")
        at = ["--at", AT.isoformat(), "--within", "45d", "--json"]
        one = self._run(capsys, "moments", str(path), *at)
        assert one[0] == 1
        assert "skipped line 8" in one[2]
        assert self._run(capsys, "moments", str(path), *at, "--workers", "1") == one
        assert self._run(capsys, "moments", str(path), *at, "--workers", "2") == one

    def test_moments_needs_json_lines(
        self, tmp_path: Path, records: list[Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "contacts.json"
        path.write_text(json.dumps([r["contact"] for r in records[:3]]))
        code, out, err = self._run(capsys, "moments", str(path), "--workers", "1")
        assert (code, out) == (2, "")
        assert "--workers needs JSON lines" in err

    def test_decide(
        self, tmp_path: Path, requests: list[Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "requests.jsonl"
        lines = [json.dumps(r) for r in requests]
        lines[5:5] = ['{"contact": "Secret-Person"}', "", "not json"]
        path.write_text("\n".join(lines) + "\n")
        code, out, err = self._run(capsys, "decide", str(path), "--workers", "1")
        assert code == 1
        assert [json.loads(line) for line in out.splitlines()] == list(ptd.decide_records(requests))
        assert "line 6: " in err
        assert "line 8: not valid JSON" in err
        assert "Secret-Person" not in err
        assert self._run(capsys, "decide", str(path), "--workers", "2") == (code, out, err)

    def test_workers_must_be_positive(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as info:
            self._run(capsys, "decide", "-", "--workers", "0")
        assert info.value.code == 2
        assert "at least 1" in capsys.readouterr().err
