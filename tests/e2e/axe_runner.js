// Run by tests/e2e/conftest.py in every page a browser test opens, after axe.min.js (an init script).
(() => {
  if (window.top !== window || !window.axe) return;
  // One check of the page as it is now; `window.__axeCheck()` runs it again (after the viewport changed).
  const check = () => window.axe.run(document, {resultTypes: ['violations']}).then((results) => {
    const found = results.violations.filter((rule) => __IMPACTS__.includes(rule.impact)).map((rule) => ({
      id: rule.id, impact: rule.impact, help: rule.help,
      nodes: rule.nodes.slice(0, 5).map((node) => node.target.join(' ') + ' ' + node.html.slice(0, 160)),
      count: rule.nodes.length,
    }));
    return window.__axeReport({url: location.pathname + location.search, width: window.innerWidth, found});
  }).catch((error) => window.__axeReport({url: location.pathname, width: window.innerWidth,
    found: [], error: String(error)}));
  window.__axeCheck = check;
  window.__axeDone = new Promise((resolve) => {
    window.addEventListener('load', () => {
      // Let the page's own scripts (Bootstrap, htmx's hx-trigger="load", app.js) finish their first work.
      setTimeout(() => check().finally(resolve), 50);
    });
  });
})();
