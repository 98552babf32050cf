// «Наставник»: the page behaviour that used to sit in inline scripts and on* attributes, moved here so the
// Content-Security-Policy allows scripts only from the app's own files. Everything is opt-in by data-*
// attributes; without JavaScript every page still works (forms submit, all boxes show).
(() => {
  'use strict';

  // <form data-confirm="…"> and <button data-confirm="…">: ask before submitting.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (button && button.dataset.requireChecked) {
      const count = document.querySelectorAll(button.dataset.requireChecked + ':checked').length;
      if (!count) {
        window.alert(button.dataset.requireMessage);
        event.preventDefault();
        return;
      }
      if (button.dataset.confirmCount && !window.confirm(button.dataset.confirmCount + ' ' + count + '?')) {
        event.preventDefault();
        return;
      }
    }
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // <form data-once>: a double click sends the form once.
    if ('once' in form.dataset) {
      setTimeout(() => form.querySelectorAll('[type=submit], button:not([type])').forEach((item) => { item.disabled = true; }));
    }
  });

  document.addEventListener('change', (event) => {
    const field = event.target;
    // <select data-autosubmit>: choosing a value sends its form (filters, the year switch).
    if ('autosubmit' in field.dataset && field.form) field.form.submit();
    // <input type=checkbox data-select-all="selector">: ticks or unticks every box the selector finds.
    if (field.dataset.selectAll) {
      for (const box of document.querySelectorAll(field.dataset.selectAll)) box.checked = field.checked;
    }
  });

  document.addEventListener('click', (event) => {
    const target = event.target.closest('[data-copy-target], [data-select-on-click]');
    if (!target) return;
    if ('selectOnClick' in target.dataset) target.select();
    if (target.dataset.copyTarget) {
      const source = document.querySelector(target.dataset.copyTarget);
      if (source && navigator.clipboard) navigator.clipboard.writeText(source.value);
      if (target.dataset.copiedText) target.textContent = target.dataset.copiedText;
    }
  });

  // Filter forms (role=search) rendered by django-filter-like plain widgets get Bootstrap's classes.
  const styleSearchFields = (root) => {
    for (const el of root.querySelectorAll('form[role=search] input, form[role=search] select')) {
      if (el.matches('.form-control, .form-select, .form-check-input, [type=hidden], [type=submit], [type=button]')) continue;
      if (el.tagName === 'SELECT') el.classList.add('form-select');
      else if (el.type === 'checkbox' || el.type === 'radio') el.classList.add('form-check-input');
      else el.classList.add('form-control');
    }
  };

  // Boxes shown only for one value of a field: `[data-mode]` by the checked input[name=mode] (a new roadmap),
  // `[data-for]` by the question's type, `[data-kinds]` by the kind of order or of a plan amendment.
  const showFor = (field, boxes, matches) => {
    if (!field) return;
    const sync = () => { for (const box of boxes) box.hidden = !matches(box, field); };
    field.addEventListener('change', sync);
    sync();
  };

  // The people picker (templates/includes/people_picker.html): a search box, «Выбрать всех» / «Снять все» for
  // the people the search shows, and a button per group (a role, a base, a pair) that ticks its people or, when
  // all of them are ticked already, unticks them. The checkboxes themselves are the form's field.
  const initPicker = (picker) => {
    const tools = picker.querySelector('[data-picker-tools]');
    const search = picker.querySelector('[data-picker-search]');
    const options = [...picker.querySelectorAll('.people-picker-option')];
    const boxes = options.map((option) => option.querySelector('input[type=checkbox]'));
    const count = picker.querySelector('[data-picker-count]');
    const empty = picker.querySelector('[data-picker-empty]');
    const groupButtons = [...picker.querySelectorAll('[data-picker-group]')];
    const inGroup = (option, key) => option.dataset.groups.split(' ').includes(key);
    const visible = () => options.filter((option) => !option.hidden);
    const refresh = () => {
      const chosen = boxes.filter((box) => box.checked).length;
      if (count) count.textContent = count.dataset.template.replace('%(chosen)s', chosen).replace('%(total)s', boxes.length);
      for (const button of groupButtons) {
        const members = options.filter((option) => inGroup(option, button.dataset.pickerGroup));
        const all = members.length > 0 && members.every((option) => option.querySelector('input').checked);
        button.setAttribute('aria-pressed', all ? 'true' : 'false');
        button.classList.toggle('active', all);
      }
    };
    const tick = (items, checked) => {
      for (const option of items) {
        const box = option.querySelector('input');
        if (!box.disabled) box.checked = checked;
      }
      refresh();
    };
    tools.hidden = false;
    picker.classList.add('people-picker-enhanced');
    // A row of more than a dozen groups (the pairs of a large school) shows the first dozen, or those whose
    // name holds the words searched for.
    const GROUPS_SHOWN = 12;
    const rows = [...picker.querySelectorAll('[data-picker-group-row]')];
    const showGroups = (words) => {
      for (const row of rows) {
        const buttons = [...row.querySelectorAll('[data-picker-group]')];
        const more = row.querySelector('[data-picker-more]');
        const matching = buttons.filter((button) => words.every((word) => button.textContent.toLowerCase().includes(word)));
        const shown = new Set(buttons.length > GROUPS_SHOWN && !words.length ? buttons.slice(0, GROUPS_SHOWN)
          : (words.length && buttons.length > GROUPS_SHOWN ? matching.slice(0, GROUPS_SHOWN) : buttons));
        for (const button of buttons) button.hidden = !shown.has(button);
        const hiddenCount = buttons.length - shown.size;
        if (more) {
          more.hidden = hiddenCount <= 0;
          more.textContent = more.dataset.template.replace('%(count)s', hiddenCount);
        }
      }
    };
    showGroups([]);
    search.addEventListener('input', () => {
      const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      for (const option of options) option.hidden = !words.every((word) => option.dataset.search.includes(word));
      if (empty) empty.hidden = visible().length > 0;
      showGroups(words);
    });
    // Enter in the search box must not send the whole form.
    search.addEventListener('keydown', (event) => { if (event.key === 'Enter') event.preventDefault(); });
    picker.querySelector('[data-picker-all]').addEventListener('click', () => tick(visible(), true));
    picker.querySelector('[data-picker-none]').addEventListener('click', () => tick(visible(), false));
    for (const button of groupButtons) {
      button.addEventListener('click', () => {
        const members = options.filter((option) => inGroup(option, button.dataset.pickerGroup));
        tick(members, button.getAttribute('aria-pressed') !== 'true');
      });
    }
    for (const box of boxes) box.addEventListener('change', refresh);
    refresh();
  };

  const init = () => {
    styleSearchFields(document);
    document.querySelectorAll('[data-people-picker]').forEach(initPicker);
    const modes = document.querySelectorAll('input[name=mode]');
    if (modes.length && document.querySelector('[data-mode]')) {
      const sync = () => {
        const mode = (document.querySelector('input[name=mode]:checked') || {}).value;
        for (const el of document.querySelectorAll('[data-mode]')) el.hidden = el.dataset.mode !== mode;
      };
      for (const radio of modes) radio.addEventListener('change', sync);
      sync();
    }
    showFor(document.querySelector('#question-form [name=type]'), document.querySelectorAll('#question-form [data-for]'),
      (box, field) => box.dataset.for.split(' ').includes(field.value));
    showFor(document.getElementById('id_kind'), document.querySelectorAll('[data-kinds]'),
      (box, field) => box.dataset.kinds.split(' ').includes(field.value));
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
  // A picker that arrives later (the event page loads its invitee picker on demand) is set up the same way.
  document.addEventListener('htmx:load', (event) => {
    const root = event.detail && event.detail.elt;
    if (!root || !root.querySelectorAll) return;
    styleSearchFields(root);
    const pickers = root.matches('[data-people-picker]') ? [root] : [...root.querySelectorAll('[data-people-picker]')];
    pickers.filter((picker) => !picker.classList.contains('people-picker-enhanced')).forEach(initPicker);
  });
})();
