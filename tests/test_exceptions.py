from __future__ import annotations

import pickle

import pytest

from personal_touch import exceptions as ex
from personal_touch.exceptions import _consent_strings as ex_consent_strings
from personal_touch.exceptions import _decisions as ex_decisions
from personal_touch.exceptions import _templates as ex_templates
from personal_touch.exceptions import _values as ex_values
from personal_touch.exceptions import _webhooks as ex_webhooks


class TestHierarchy:
    @pytest.mark.parametrize(
        ("error", "builtin"),
        [
            (ex.InvalidFieldError("f", "bad"), ValueError),
            (ex.NaiveDateTimeError("f"), ValueError),
            (ex.UnknownTimezoneError("f"), LookupError),
            (ex.UnknownLocaleError("f"), LookupError),
            (ex.UnknownStageError(), ValueError),
            (ex.ConsentStateError("g-1", "already withdrawn"), ValueError),
            (ex.InvalidInputError(["x @ $.a"]), ValueError),
        ],
    )
    def test_root_and_builtin(self, error: Exception, builtin: type[Exception]) -> None:
        """Every error is a PersonalTouchError and the builtin it resembles."""
        assert isinstance(error, ex.PersonalTouchError)
        assert isinstance(error, builtin)

    def test_all_sorted_and_resolves(self) -> None:
        """The module's __all__ is sorted and every name exists."""
        assert sorted(ex.__all__) == ex.__all__
        for name in ex.__all__:
            assert getattr(ex, name) is not None


class TestModule:
    def test_every_error_is_exported(self) -> None:
        """Every error class defined in the package is in its __all__ (none hides in a leaf)."""
        defined = {
            name
            for module in (ex_values, ex_templates, ex_decisions, ex_webhooks, ex_consent_strings)
            for name, obj in vars(module).items()
            if isinstance(obj, type) and issubclass(obj, Exception)
        }
        assert defined == set(ex.__all__)

    @pytest.mark.parametrize("name", ex.__all__)
    def test_shown_under_the_public_module(self, name: str) -> None:
        """Tracebacks and reprs name ``personal_touch.exceptions``, not a private leaf."""
        error = getattr(ex, name)
        assert "personal_touch.exceptions" == error.__module__
        assert f"personal_touch.exceptions.{name}" in repr(error)

    def test_round_trips_through_pickle_by_its_public_path(self) -> None:
        """A pickled error class is found again under the module users import it from."""
        assert ex.InvalidFieldError is pickle.loads(pickle.dumps(ex.InvalidFieldError))


class TestMessages:
    def test_invalid_field(self) -> None:
        """The message names the field and the problem; both are attributes."""
        e = ex.InvalidFieldError("birth_date", "expected a date")
        assert "birth_date: expected a date" == str(e)
        assert ("birth_date", "expected a date") == (e.field, e.problem)

    def test_naive(self) -> None:
        """A naive datetime error says what is missing."""
        e = ex.NaiveDateTimeError("granted_at")
        assert "granted_at" == e.field
        assert "time-zone aware" in str(e)

    def test_unknown_stage_default_field(self) -> None:
        """UnknownStageError names the stage field by default."""
        assert "stage" == ex.UnknownStageError().field

    def test_consent_state(self) -> None:
        """ConsentStateError names the grant id (never personal data) and the problem."""
        e = ex.ConsentStateError("g-7", "already withdrawn")
        assert ("g-7", "already withdrawn") == (e.grant_id, e.problem)
        assert "consent grant 'g-7': already withdrawn" == str(e)

    def test_invalid_input_lists_every_problem(self) -> None:
        """InvalidInputError keeps and prints every problem."""
        e = ex.InvalidInputError(["a @ $.x", "b @ $.y"], what="contact")
        assert ("a @ $.x", "b @ $.y") == e.errors
        assert "invalid contact (2 problem(s)):\n  - a @ $.x\n  - b @ $.y" == str(e)
