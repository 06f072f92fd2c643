// Building the page without innerHTML: every piece of data becomes a text node, so a tool result holding
// <script> or <img onerror> is shown as the characters it is and never parsed as markup.

/**
 * h('div', {class: 'x', onclick: fn, dataset: {step: 1}}, 'text', child, [more children])
 * Strings and numbers become text nodes; null/undefined/false are skipped.
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'value') {
      element.value = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces what the element shows. */
export function show(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** JSON as indented text, for arguments and bodies. */
export function pretty(value) {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

export function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

export function millis(ms) {
  if (ms === undefined || ms === null || ms < 0) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

/** An error box for a failed call: the API's code and message, as text. */
export function errorBox(error) {
  return h('p', {class: 'error', role: 'alert'}, error.code ? `${error.code}: ` : '', error.message || String(error));
}
