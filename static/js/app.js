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

  // The people picker (templates/includes/people_picker.html): the server renders the chosen people and the
  // first of those its search box finds (htmx replaces the list as one types); here «Выбрать всех» / «Снять все»
  // for the people shown, and a group's checkbox (a role, a base, a pair) that ticks or unticks those of its
  // people shown. Unticking one of them unticks the group, which the server would otherwise expand on submit.
  const initPicker = (picker) => {
    const tools = picker.querySelector('[data-picker-tools]');
    const search = picker.querySelector('[data-picker-search]');
    const count = picker.querySelector('[data-picker-count]');
    const options = () => [...picker.querySelectorAll('.people-picker-option')];
    const box = (option) => option.querySelector('input[type=checkbox]');
    const groupBoxes = () => [...picker.querySelectorAll('[data-picker-group-box]')];
    const inGroup = (option, key) => option.dataset.groups.split(' ').includes(key);
    const visible = () => options().filter((option) => !option.hidden);
    const refresh = () => {
      if (!count) return;
      const chosen = options().filter((option) => box(option).checked).length;
      const groups = groupBoxes().filter((group) => group.checked).length;
      let text = count.dataset.template.replace('%(chosen)s', chosen).replace('%(total)s', count.dataset.total);
      if (groups) text += ` + ${count.dataset.groups.replace('%(count)s', groups)}`;
      count.textContent = text;
    };
    const tick = (items, checked) => {
      for (const option of items) {
        const input = box(option);
        if (!input.disabled) input.checked = checked;
        if (checked) continue;
        for (const group of groupBoxes()) if (group.checked && inGroup(option, group.dataset.pickerGroupBox)) group.checked = false;
      }
      refresh();
    };
    tools.hidden = false;
    picker.classList.add('people-picker-enhanced');
    // Enter in the search box searches in place instead of sending the whole form.
    search.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      if (window.htmx) window.htmx.trigger(search, 'search');
    });
    picker.querySelector('[data-picker-all]').addEventListener('click', () => tick(visible(), true));
    picker.querySelector('[data-picker-none]').addEventListener('click', () => tick(visible(), false));
    // The list and the groups are replaced by each search: one listener for all their checkboxes.
    picker.addEventListener('change', (event) => {
      const key = event.target.dataset.pickerGroupBox;
      const option = event.target.closest('.people-picker-option');
      if (key) tick(options().filter((item) => inGroup(item, key)), event.target.checked);
      else if (option && !event.target.checked) tick([option], false);
      else refresh();
    });
    picker.addEventListener('htmx:afterSettle', refresh);
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
