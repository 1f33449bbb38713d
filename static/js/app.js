// Engage: small progressive enhancements on top of htmx. No dependencies,
// CSP-safe (no eval, no inline styles). htmx itself is configured by the
// server via <meta name="htmx-config">, so nothing here touches htmx.config.
(function () {
  'use strict';

  // Focus an element so screen readers announce it. Only an element that can't take
  // focus gets tabindex="-1": on a button, link or field it would take the control out
  // of the Tab order for good (issue 22, defect 1). tabIndex is -1 exactly for those.
  function focusEl(el) {
    if (!el) return false;
    if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus();
    return true;
  }

  function findIn(root, selector) {
    if (!root || root.nodeType !== 1) return null;
    return root.matches(selector) ? root : root.querySelector(selector);
  }

  // Say something in the page's polite live region kept for this (#js-announce). The
  // region has just arrived with a new page: a moment lets screen readers register it
  // before its text changes, or the change may go unheard.
  function announce(text) {
    var region = document.getElementById('js-announce');
    if (!region) return;
    region.textContent = '';
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  // A new page arrived by a boosted link or form: do what a page load does without
  // JavaScript. Focus its h1 (or main), never a control deep in the page (defect 2);
  // a form sent back with errors focuses its error summary; a link to #anchor, the
  // anchor. Then speak the title, and the page's messages (flashes) after it.
  function arrive(detail) {
    var main = document.getElementById('main') || document.querySelector('main');
    if (!main) return;
    var anchor = detail.pathInfo && detail.pathInfo.anchor;
    focusEl(main.querySelector('.error-summary')
      || (anchor && document.getElementById(anchor))
      || main.querySelector('h1') || main);
    var said = [document.title];
    main.querySelectorAll('.flash-list .flash').forEach(function (flash) {
      said.push(flash.textContent.replace(/\s+/g, ' ').trim());
    });
    announce(said.join('. '));
  }

  // After new content has settled, move focus where a keyboard / screen reader user
  // needs it; otherwise focus would be lost with the old nodes. afterSettle fires once
  // per swapped element (a whole page: <body> first, then each of its children).
  document.addEventListener('htmx:afterSettle', function (event) {
    var root = event.target;
    var detail = event.detail || {};
    if (detail.boosted || detail.target === document.body) {
      if (root === detail.target) arrive(detail);
      return;
    }
    if (focusEl(findIn(root, '[data-focus-after-swap]'))) return;
    focusEl(findIn(root, '.error-summary'));
  });

  // A boosted navigation swaps only <body>, so <html lang dir class> would keep
  // the old page's language and display settings (after changing them, or
  // signing in or out). Copy them from the new page. DOMParser runs no scripts.
  document.addEventListener('htmx:afterSwap', function (event) {
    var detail = event.detail || {};
    if (!detail.boosted || !detail.xhr) return;
    var tag = /<html\b[^>]*>/i.exec(detail.xhr.responseText || '');
    if (!tag) return;
    var parsed = new DOMParser().parseFromString(tag[0] + '</html>', 'text/html').documentElement;
    var html = document.documentElement;
    ['lang', 'dir', 'class'].forEach(function (name) {
      if (parsed.hasAttribute(name)) html.setAttribute(name, parsed.getAttribute(name));
      else html.removeAttribute(name);
    });
  });

  // Failed requests: htmx does not swap, so tell the user in the polite
  // status region that the layout provides.
  // The words come from the page (data-error, data-offline), in its language.
  function setStatus(kind) {
    var status = document.getElementById('js-status');
    if (status) status.textContent = kind ? status.getAttribute('data-' + kind) || '' : '';
  }
  document.addEventListener('htmx:responseError', function () {
    setStatus('error');
  });
  document.addEventListener('htmx:sendError', function () {
    setStatus('offline');
  });
  // Clear a stale message when a new request starts, so a repeat of the same
  // error is announced again.
  // Every htmx request carries the signed-in person's CSRF token (from the page header,
  // data-csrf-token), so buttons that post without a form of their own are accepted.
  document.addEventListener('htmx:configRequest', function (event) {
    var holder = document.querySelector('[data-csrf-token]');
    if (holder) event.detail.headers['X-CSRFToken'] = holder.getAttribute('data-csrf-token');
  });

  document.addEventListener('htmx:beforeSend', function () {
    setStatus('');
  });

  // <form data-confirm="Are you sure?">: ask before submitting.
  // Plain submits are caught in the capture phase (before htmx's own form
  // listener); events already confirmed there are not asked about twice.
  var confirmed = new WeakSet();
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form && form.getAttribute && form.getAttribute('data-confirm');
    if (!message) return;
    if (window.confirm(message)) {
      confirmed.add(event);
    } else {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // htmx submissions that bypass the submit event: hx-post on a submit
  // button (htmx cancels the click) or a non-submit hx-trigger on the form.
  // Other htmx requests inside the form (e.g. inline validation) are not asked.
  document.addEventListener('htmx:confirm', function (event) {
    var detail = event.detail || {};
    var elt = detail.elt;
    if (!elt || confirmed.has(detail.triggeringEvent)) return;
    var form = elt.tagName === 'FORM' ? elt : (elt.type === 'submit' ? elt.form : null);
    var message = form && form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // A consultation's comments moved to its discussion page: an old link to one of them
  // (/consultations/x#comment-12) goes on there. Without JavaScript the summary's
  // "Discussion" section (id="comments") is where such a link lands.
  function followMovedComment() {
    var hash = window.location.hash;
    if (!/^#comment-\d+$/.test(hash) || document.getElementById(hash.slice(1))) return;
    var hub = document.querySelector('[data-discussion-url]');
    if (hub) window.location.replace(hub.getAttribute('data-discussion-url') + hash);
  }
  followMovedComment();
  window.addEventListener('hashchange', followMovedComment);
})();
