"""The ``comext`` command itself (helpers.cli): what it does with a Ctrl-C."""

import signal

import pytest

from helpers.book import publish
from helpers.cli import ctrl_c_until_published


def test_comext_ignores_a_ctrl_c_only_once_the_site_is_published():
    with ctrl_c_until_published():
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)  # before: the build stops, exit code 130
        publish.SITE_PUBLISHED.set()
        try:
            signal.raise_signal(signal.SIGINT)  # after: too late, ignored
        except KeyboardInterrupt:
            pytest.fail("a Ctrl-C after the publication stopped comext (exit code 130, the site changed)")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
