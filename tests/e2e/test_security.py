"""The Content-Security-Policy in a real browser: an injected inline script is refused and reported, which
is what every other browser test's console listener (conftest.page) relies on."""

from __future__ import annotations

from tests.e2e.conftest import log_in


def test_inline_script_is_refused_and_the_listener_sees_it(page, live_server, csp_violations, demo):
    log_in(page, live_server, "curator")
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';
        document.body.appendChild(s); const d = document.createElement('div');
        d.setAttribute('style', 'color: red'); document.body.appendChild(d); }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.injected") is None
    assert any("script-src" in message for message in csp_violations), csp_violations
    # Seen and expected: clear it, so that the listener does not fail this test.
    csp_violations.clear()
