"""Keyboard checks for browser tests: Tab to a control, and is every control still in the
Tab order (axe can't see focus, so these run after htmx swaps and boosted navigations)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.getAttribute('aria-label')
    || (el.labels && el.labels.length ? el.labels[0].innerText : '')
    || el.innerText || el.value || '';
  const style = getComputedStyle(el);
  const role = el.getAttribute('role') || {A: 'link', BUTTON: 'button', TEXTAREA: 'textbox',
    INPUT: el.type === 'submit' ? 'button' : (el.type === 'radio' ? 'radio' : 'textbox'),
    SELECT: 'combobox'}[el.tagName] || '';
  return {
    name: label.replace(/\\s+/g, ' ').trim(),
    role,
    visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none',
    focusVisible: el.matches(':focus-visible'),
  };
}"""


def tab_to(page: Page, role: str, name: str, *, backwards: bool = False, max_presses: int = 150):
    """Press Tab until the focused element has ``role`` and an accessible name starting with
    ``name``; check every stop on the way shows a visible focus indicator."""
    key = "Shift+Tab" if backwards else "Tab"
    for _press in range(max_presses):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["focusVisible"] and focused["visible"], f"focus not visible on {focused}"
        if focused["role"] == role and focused["name"].startswith(name):
            return focused
    raise AssertionError(f"{max_presses} presses of {key} never reached {role} “{name}”")


def assert_in_tab_order(page: Page, control: Locator) -> None:
    """``control`` has focus and is in the Tab order: Tab away and Shift+Tab come back to it.

    A control that got ``tabindex="-1"`` keeps focus until it loses it, then can't be
    reached again: Shift+Tab from the next stop skips it.
    """
    expect(control).to_be_focused()
    page.keyboard.press("Tab")
    expect(control).not_to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(control).to_be_focused()


# Every control in <main> a person can see, each marked with a number (radio buttons: one
# number per group, since Tab stops once in a group). tabindex is ignored on purpose: a
# button with tabindex="-1" is a control that Tab should reach and can't.
_MARK_CONTROLS = """() => {
  const main = document.querySelector('main');
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const groups = new Map();
  const wanted = [];
  for (const el of main.querySelectorAll(selector)) {
    el.removeAttribute('data-tab-probe');
    if (el.disabled || el.closest('[inert]') || !el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    let mark = String(wanted.length);
    if (el.type === 'radio' && el.name) {
      // A form without an id is known by its place among the page's forms.
      const form = el.form ? el.form.id || [...document.forms].indexOf(el.form) : '';
      const key = form + '/' + el.name;
      if (groups.has(key)) { el.setAttribute('data-tab-probe', groups.get(key)); continue; }
      groups.set(key, mark);
    }
    el.setAttribute('data-tab-probe', mark);
    const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '');
    wanted.push(el.tagName.toLowerCase() + ' “' + text.replace(/\\s+/g, ' ').trim() + '”');
  }
  main.focus();
  return wanted;
}"""

_STOP = """() => {
  const el = document.activeElement;
  if (!el || !document.querySelector('main').contains(el)) return null;
  return el.getAttribute('data-tab-probe') || '';
}"""


def assert_tab_reaches_every_control(page: Page, max_presses: int = 400) -> None:
    """Tab from the start of <main> to its end: every visible control is a stop on the way.

    Focus is put back where it was afterwards, so a journey can go on from there.
    """
    where = page.evaluate_handle("() => document.activeElement")
    wanted = page.evaluate(_MARK_CONTROLS)
    reached: set[str] = set()
    for _press in range(max_presses):
        page.keyboard.press("Tab")
        stop = page.evaluate(_STOP)
        if stop is None:
            break
        reached.add(stop)
    else:
        raise AssertionError(f"{max_presses} presses of Tab never left <main>")
    missing = [text for n, text in enumerate(wanted) if str(n) not in reached]
    page.evaluate("el => el && el.focus()", where)
    assert not missing, "Tab never reaches: " + "; ".join(missing)
