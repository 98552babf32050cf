// Evaluated by tests/e2e/test_accessibility.py: the visible controls smaller than `min` × `min` px.
(min) => {
  const small = [];
  const seen = new Set();
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], label.btn, .form-check-input');
  for (const el of controls) {
    // A control inside a closed menu or a collapsed navigation is not on screen; a radio styled as a button
    // (.btn-check) is tapped through its label, which is measured instead.
    if (el.closest('.dropdown-menu:not(.show), .collapse:not(.show), [hidden]') || el.matches('.btn-check')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    // A box or link inside a label or a row that is itself tall enough is tapped through that larger target;
    // a link in running text (WCAG 2.5.8's inline exception) is part of its sentence.
    // A box or radio is also tapped through its <label for>.
    const targets = [el.closest('label, .list-group-item-action, .survey-option, .people-picker-option') || el,
      ...(el.labels ? [...el.labels] : [])];
    const big = (item) => { const r = item.getBoundingClientRect(); return r.width >= min - 0.5 && r.height >= min - 0.5; };
    if (targets.some(big)) continue;
    const area = targets[0].getBoundingClientRect();
    if (el.tagName === 'A' && !el.matches('.btn, .nav-link, .page-link, .dropdown-item, .list-group-item')) {
      const parent = el.parentElement;
      const inline = style.display === 'inline' && parent && parent.textContent.trim().length > el.textContent.trim().length;
      if (inline) continue;
    }
    const name = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const key = el.tagName + name + Math.round(area.width) + 'x' + Math.round(area.height);
    if (seen.has(key)) continue;
    seen.add(key);
    small.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().replace(/\s+/g, '.') : ''} «${name}» ${Math.round(area.width)}×${Math.round(area.height)}`);
  }
  return small;
}
