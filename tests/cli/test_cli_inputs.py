"""
The command line as a whole: --version, the program's name, bad input files, closed pipes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch._cli import main
from personal_touch.testing import sample_json

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "examples" / "templates" / "trip-note.de.txt"
REQUEST = ROOT / "examples" / "requests" / "02-trip-note-de-customer.json"
AT = "2026-11-30T09:00Z"


def _contacts(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in sample_json()["contacts"]) + "\n")
    return path


def _python(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        **kw,  # type: ignore[call-overload]
    )


class TestVersion:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the installed distribution's version and exits 0."""
        with pytest.raises(SystemExit) as exit_:
            main(["--version"])
        assert 0 == exit_.value.code
        assert f"personal-touch {pt.__version__}\n" == capsys.readouterr().out

    def test_version_without_metadata(self) -> None:
        """Run from a source tree with no installed metadata, the version is a clear stand-in."""
        code = (
            "import importlib.metadata as m\n"
            "def missing(name): raise m.PackageNotFoundError(name)\n"
            "m.version = missing\n"
            "from personal_touch._cli import main\n"
            "main(['--version'])\n"
        )
        result = _python("-c", code)
        assert "personal-touch 0.0.0+unknown\n" == result.stdout, result.stderr


class TestProgramName:
    def test_module(self) -> None:
        """Under `python -m`, usage names the interpreter and the module."""
        result = _python("-m", "personal_touch")
        python = os.path.basename(sys.executable)
        assert 2 == result.returncode
        assert result.stderr.startswith(f"usage: {python} -m personal_touch ")

    def test_script(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """As the installed script, usage names the script."""
        monkeypatch.setattr("sys.argv", ["/usr/local/bin/personal-touch", "--bogus"])
        with pytest.raises(SystemExit):
            main()
        err = capsys.readouterr().err
        assert err.startswith("usage: personal-touch ")
        assert "personal-touch: error:" in err

    @pytest.mark.parametrize(
        ("argv0", "expected"), [("-c", "personal-touch"), ("", "personal-touch")]
    )
    def test_no_script_name(
        self, monkeypatch: pytest.MonkeyPatch, argv0: str, expected: str
    ) -> None:
        """Without a usable script name the program is called personal-touch."""
        from personal_touch._cli import build_parser, module_program_name

        monkeypatch.setattr("sys.argv", [argv0])
        assert expected == build_parser().prog
        monkeypatch.setattr("sys.executable", "")
        assert "python -m personal_touch" == module_program_name()


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.json"
    blank.write_bytes(b"  \n\n")
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"note": "café"}\n'.encode("latin-1"))
    return {
        "missing": tmp_path / "missing.json",
        "empty": empty,
        "blank": blank,
        "latin1": latin,
    }


def _commands(bad: Path, contacts: Path) -> dict[str, list[str]]:
    return {
        "decide": ["decide", str(bad)],
        "render-request": ["render", str(TEMPLATE), str(bad)],
        "render-template": ["render", str(bad), str(REQUEST)],
        "moments-events": ["moments", str(contacts), "--at", AT, "--events", str(bad)],
        "moments": ["moments", str(bad), "--at", AT],
        "plan": ["plan", str(bad)],
    }


COMMANDS = list(_commands(Path("x"), Path("y")))
PROBLEMS = ["missing", "empty", "blank", "latin1"]


class TestBadFiles:
    @pytest.mark.parametrize("problem", PROBLEMS)
    @pytest.mark.parametrize("command", COMMANDS)
    def test_unusable_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, problem: str
    ) -> None:
        """Every command names a missing, empty or non-UTF-8 file and exits non-zero, cleanly."""
        bad = _bad_files(tmp_path)[problem]
        code = main(_commands(bad, _contacts(tmp_path))[command])
        out, err = capsys.readouterr()
        if command == "moments" and problem == "latin1":
            # JSON lines: the line that is not UTF-8 is skipped and counted.
            assert 1 == code
            assert "Skipped 1 of 1 contact(s) in " + str(bad) in out
            assert "line 1: not UTF-8 text" in out
            return
        assert 2 == code
        assert "" == out
        assert f"invalid {'request' if command == 'decide' else 'input'} in {bad}:" in err
        assert "Traceback" not in err
        assert "café" not in err
        words = {
            "missing": "cannot read the file: No such file or directory",
            "empty": "empty",
            "blank": "empty",
            "latin1": "not UTF-8 text",
        }
        assert words[problem] in err

    def test_not_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that is not JSON is named with the line and column of the problem."""
        bad = tmp_path / "bad.json"
        bad.write_text('{"at": \n  nope}')
        for args in (["plan", str(bad)], ["decide", str(bad)]):
            assert 2 == main(args)
            err = capsys.readouterr().err
            assert f"in {bad}:" in err
            assert "not valid JSON: Expecting value (line 2, column 3)" in err

    def test_deeply_nested_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Nesting deep enough to exhaust the recursion limit is invalid input, not a crash."""
        bad = tmp_path / "deep.json"
        bad.write_text("[" * 100_000 + "]" * 100_000)
        assert 2 == main(["plan", str(bad)])
        assert "nested too deeply" in capsys.readouterr().err

    def test_plan_needs_an_object(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A plan file that is not a JSON object is refused with exit 2."""
        bad = tmp_path / "list.json"
        bad.write_text("[]")
        assert 2 == main(["plan", str(bad)])
        assert "expected a JSON object @ $" in capsys.readouterr().err

    def test_plan_lists_every_problem_with_its_path(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A partly bad plan file lists each problem under its own path, then exits 2."""
        bad = tmp_path / "plan.json"
        bad.write_text(json.dumps({"at": 5, "events": [1], "contacts": [{"id": 3}]}))
        assert 2 == main(["plan", str(bad)])
        err = capsys.readouterr().err
        for path in ("$.at", "$.events[0]", "$.contacts[0].id", "$.contacts[0].created_at"):
            assert f"@ {path}\n" in err

    def test_both_from_stdin(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Render cannot read both its inputs from standard input."""
        assert 2 == main(["render", "-", "-"])
        assert "both come from standard input" in capsys.readouterr().err


class TestPartlyBadContacts:
    def test_three_of_four_lines_skipped(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Skipped lines are counted and exit 1; the report never claims there were no problems."""
        good = json.dumps(sample_json()["contacts"][0])
        path = tmp_path / "contacts.jsonl"
        path.write_bytes("\n".join([good, '{"id": "x"}', "not json"]).encode() + b"\n\xff\xfe\n")
        assert 1 == main(["moments", str(path), "--at", AT])
        out = capsys.readouterr().out
        assert "No data problems." not in out
        assert f"Skipped 3 of 4 contact(s) in {path} that could not be read:" in out
        assert "  - skipped line 2: " in out
        assert "  - skipped line 3: not valid JSON @ $" in out
        assert "  - skipped line 4: not UTF-8 text @ $" in out

    def test_json_report_on_stderr(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --json the moments stay parseable and the skips go to stderr."""
        path = _contacts(tmp_path)
        with path.open("a") as fh:
            fh.write("not json\n")
        assert 1 == main(["moments", str(path), "--at", AT, "--json"])
        out, err = capsys.readouterr()
        assert all(json.loads(line) for line in out.splitlines())
        assert "Skipped 1 of 14 contact(s)" in err

    def test_many_bad_lines_listed_briefly(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Thousands of bad lines are all counted; only the first are listed."""
        path = tmp_path / "bad.jsonl"
        path.write_text('{"id": 1}\n' * 5000)
        assert 1 == main(["moments", str(path), "--at", AT])
        out = capsys.readouterr().out
        assert "Skipped 5000 of 5000 contact(s)" in out
        assert "  ... and 4980 more" in out

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ('{"contacts": 3}', "expected JSON lines of contacts"),
            ('"just text"', "expected JSON lines of contacts"),
            ("[1,\n", "not valid JSON"),
            ('[\n"caf\xe9"]', "not UTF-8 text"),
        ],
    )
    def test_unusable_whole_document(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, words: str
    ) -> None:
        """A whole document that is not contacts exits 2 naming the file."""
        path = tmp_path / "doc.json"
        path.write_bytes(text.encode("latin-1"))
        assert 2 == main(["moments", str(path), "--at", AT])
        err = capsys.readouterr().err
        assert f"moments: invalid input in {path}:" in err
        assert words in err


class TestClosedPipe:
    def test_head_closes_the_pipe(self, tmp_path: Path) -> None:
        """`moments ... | head -1` ends quietly: no BrokenPipeError traceback, exit 1."""
        one = sample_json()["contacts"][12]  # a birthday on the sample's date
        path = tmp_path / "many.jsonl"
        with path.open("w") as fh:
            for i in range(3000):
                fh.write(json.dumps(dict(one, id=f"c-{i}")) + "\n")
        proc = subprocess.Popen(
            [sys.executable, "-m", "personal_touch", "moments", str(path), "--at", AT],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None
        assert proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert 1 == proc.wait(timeout=120)
        assert b"birthday" in first
        assert "" == err

    def test_broken_pipe_in_process(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A reader that goes away makes main() return 1 instead of raising."""

        class Gone:
            def write(self, _: str) -> int:
                raise BrokenPipeError

            def flush(self) -> None:
                raise BrokenPipeError

        monkeypatch.setattr("sys.stdout", Gone())
        assert 1 == main(["demo"])
        assert "" == capsys.readouterr().err

    def test_interrupted(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C ends a command with exit code 130 and no traceback."""

        def interrupted(**_: object) -> str:
            raise KeyboardInterrupt

        monkeypatch.setattr("personal_touch._tour.render_demo", interrupted)
        assert 130 == main(["demo"])


class TestLicence:
    def test_mit_in_the_repository_and_the_metadata(self) -> None:
        """The MIT licence is in LICENSE and declared per PEP 639 (no licence classifier)."""
        import tomllib

        text = (ROOT / "LICENSE").read_text(encoding="utf-8")
        assert text.startswith("MIT License\n")
        assert "The personal-touch contributors" in text
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert ("MIT", ["LICENSE"]) == (project["license"], project["license-files"])
        assert not [c for c in project["classifiers"] if c.startswith("License ::")]
        build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        assert "hatchling>=1.26" in build["build-system"]["requires"]


class TestAnyBytes:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        data=st.one_of(
            st.binary(max_size=300),
            st.lists(
                st.sampled_from(
                    [b"{}", b'{"id": "a"}', b"[", b"\xff", b"\n", b"null", b'{"contacts": {}}']
                ),
                max_size=8,
            ).map(b"\n".join),
        ),
        command=st.sampled_from(["decide", "moments", "plan", "render"]),
    )
    def test_never_a_traceback(self, data: bytes, command: str) -> None:
        """Whatever bytes a file holds, every command exits 0, 1 or 2 without raising."""
        import contextlib
        import io
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "input"
            path.write_bytes(data)
            args = {
                "decide": ["decide", str(path)],
                "moments": ["moments", str(path), "--at", AT],
                "plan": ["plan", str(path)],
                "render": ["render", str(path), str(REQUEST)],
            }[command]
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(args)
        assert code in (0, 1, 2)
        if code == 2:
            assert str(path) in err.getvalue()
