"""The public API: everything in kg.__all__ resolves, is documented, and the list is sorted."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kg


def test_all_is_sorted_and_resolves() -> None:
    assert kg.__all__ == sorted(kg.__all__)
    for name in kg.__all__:
        assert getattr(kg, name) is not None


def test_every_public_callable_has_a_docstring() -> None:
    for name in kg.__all__:
        value = getattr(kg, name)
        if callable(value):
            assert value.__doc__, f"kg.{name} has no docstring"


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        kg.no_such_thing  # noqa: B018


MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(kg.__path__, "kg.")
    if not info.name.startswith("kg.cli") and info.name != "kg.__main__"
)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module: str) -> None:
    """Every docstring example in the library is a doctest, and passes."""
    imported = importlib.import_module(module)
    result = doctest.testmod(imported, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
