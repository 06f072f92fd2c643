// Admin views: tenants (create, edit, keys), plugins (upload, enable/disable, reload, users), health.
import {h, show, errorBox, pretty, when} from './dom.js';
import {call} from './api.js';

const TEXT_FIELDS = ['namespace', 'taskQueue', 'systemPrompt'];
const JSON_FIELDS = ['provider', 'exec', 'limits', 'approval', 'budget', 'toolSettings'];
// which form field a validation problem is about: the first of these words it names
const PROBLEM_FIELDS = [['toolSettings', 'toolSettings'], ['namespace', 'namespace'], ['taskQueue', 'taskQueue'],
  ['provider', 'provider'], ['exec backend', 'exec'], ['exec', 'exec'], ['trusted', 'exec'], ['limits.', 'limits'],
  ['approval.', 'approval'], ['budget.', 'budget'], ['plugin', 'plugins'], ['tenant id', 'id']];

export async function tenantsPage(app) {
  const {tenants} = await call('GET', '/v1/admin/tenants');
  show(app,
      h('section', {class: 'card'}, h('h2', {}, 'Tenants'),
          h('table', {id: 'tenants'},
              h('thead', {}, h('tr', {}, ['tenant', 'namespace / queue', 'plugins', 'provider', 'keys', 'worker here']
                  .map(title => h('th', {}, title)))),
              h('tbody', {}, tenants.map(t => h('tr', {dataset: {tenant: t.id}},
                  h('td', {}, h('a', {href: `#/admin/tenants/${encodeURIComponent(t.id)}`}, t.id)),
                  h('td', {}, `${t.namespace} / ${t.taskQueue}`),
                  h('td', {}, (t.plugins || []).join(', ')),
                  h('td', {}, t.provider ? `${t.provider.plugin} ${t.provider.model || ''}` : ''),
                  h('td', {}, String((t.keys || []).length)),
                  h('td', {}, t.workerRunning ? 'yes' : 'no')))))),
      h('section', {class: 'card'}, h('h2', {}, 'New tenant'), tenantForm(null)));
}

export async function tenantPage(app, id) {
  const tenant = await call('GET', `/v1/admin/tenants/${encodeURIComponent(id)}`);
  const newKey = h('div', {id: 'new-key'});
  const keysProblem = h('div', {});
  const keys = h('ul', {id: 'keys', class: 'plain'}, (tenant.keys || []).map(keyId => h('li', {dataset: {key: keyId}},
      h('code', {}, keyId), ' ',
      h('button', {type: 'button', class: 'revoke danger', onclick: async () => {
        if (!confirm(`Revoke key ${keyId}? Clients using it are refused at once.`)) return;
        try {
          await call('DELETE', `/v1/admin/tenants/${encodeURIComponent(id)}/keys/${encodeURIComponent(keyId)}`);
          tenantPage(app, id);
        } catch (e) { show(keysProblem, errorBox(e)); }
      }}, 'Revoke'))));
  const makeKey = h('button', {type: 'button', id: 'make-key', onclick: async () => {
    try {
      const made = await call('POST', `/v1/admin/tenants/${encodeURIComponent(id)}/keys`);
      show(newKey, h('div', {class: 'once', role: 'status'},
          h('p', {}, 'The new key, shown this once (only its hash is stored): copy it now.'),
          h('code', {id: 'new-key-value', class: 'key'}, made.key), h('p', {class: 'muted'}, `key id ${made.keyId}`)));
      append(keys, made.keyId);
    } catch (e) { show(keysProblem, errorBox(e)); }
  }}, 'New key');
  const append = (list, keyId) => list.append(h('li', {dataset: {key: keyId}}, h('code', {}, keyId), ' (new)'));
  const remove = h('button', {type: 'button', id: 'delete-tenant', class: 'danger', onclick: async () => {
    if (!confirm(`Delete tenant ${id}? Its worker stops; its data stays.`)) return;
    try {
      await call('DELETE', `/v1/admin/tenants/${encodeURIComponent(id)}`);
      location.hash = '#/admin/tenants';
    } catch (e) { show(keysProblem, errorBox(e)); }
  }}, 'Delete tenant');
  show(app,
      h('h1', {}, 'Tenant ', h('code', {}, id), ' ', h('span', {class: 'muted'}, tenant.workerRunning ? 'worker runs here' : 'no worker in this process')),
      h('section', {class: 'card'}, h('h2', {}, 'Keys'), keys, makeKey, newKey, keysProblem),
      h('section', {class: 'card'}, h('h2', {}, 'Settings'), tenantForm(tenant)),
      h('section', {class: 'card'}, remove));
}

/** The create or edit form: one input per setting; each validation problem is shown under the setting it names. */
function tenantForm(tenant) {
  const inputs = {};
  const notes = {};
  const row = (name, input, hint) => {
    inputs[name] = input;
    notes[name] = h('div', {class: 'field-problem', dataset: {problemFor: name}});
    return h('div', {class: 'form-row'}, h('label', {for: input.id}, name), input, hint ? h('small', {class: 'muted'}, hint) : null, notes[name]);
  };
  const idInput = h('input', {id: 'tenant-id', value: tenant ? tenant.id : '', required: true, disabled: !!tenant});
  const rows = [row('id', idInput, tenant ? null : 'letters, digits, . _ -')];
  rows.push(row('plugins', h('input', {id: 'tenant-plugins', value: tenant ? (tenant.plugins || []).join(', ') : 'tools-workspace, provider-scripted'}), 'comma-separated plugin ids'));
  for (const name of TEXT_FIELDS) {
    rows.push(row(name, name === 'systemPrompt' ? h('textarea', {id: `tenant-${name}`, rows: 2}) : h('input', {id: `tenant-${name}`}),
        tenant ? null : 'empty: the default'));
    inputs[name].value = tenant && tenant[name] != null ? tenant[name] : '';
  }
  for (const name of JSON_FIELDS) {
    const value = tenant ? tenant[name] : (name === 'provider' ? {plugin: 'provider-scripted', model: 'scripted'} : null);
    rows.push(row(name, h('textarea', {id: `tenant-${name}`, rows: name === 'limits' ? 4 : 2, class: 'json'}), 'JSON; empty: the default'));
    inputs[name].value = value == null ? '' : pretty(value);
  }
  const general = h('div', {id: 'tenant-problem'});
  const done = h('div', {id: 'tenant-saved', role: 'status'});
  const form = h('form', {id: 'tenant-form', onsubmit: async event => {
    event.preventDefault();
    for (const note of Object.values(notes)) show(note);
    show(general);
    show(done);
    const body = {plugins: inputs.plugins.value.split(',').map(p => p.trim()).filter(Boolean)};
    let unreadable = false;
    for (const name of TEXT_FIELDS) if (inputs[name].value.trim()) body[name] = inputs[name].value;
    for (const name of JSON_FIELDS) {
      const text = inputs[name].value.trim();
      if (!text) continue;
      try {
        body[name] = JSON.parse(text);
      } catch (e) {
        unreadable = true;
        show(notes[name], h('span', {class: 'error'}, `not JSON: ${e.message}`));
      }
    }
    if (unreadable) return;
    const id = idInput.value.trim();
    try {
      const saved = await call('PUT', `/v1/admin/tenants/${encodeURIComponent(id)}`, body);
      show(done, h('span', {class: 'ok'}, `Saved tenant ${saved.id}.`), ' ', h('a', {href: `#/admin/tenants/${encodeURIComponent(saved.id)}`}, 'Open it'));
      if (!tenant) location.hash = `#/admin/tenants/${encodeURIComponent(saved.id)}`;
    } catch (e) {
      placeProblems(e, id, notes, general);
    }
  }}, rows, h('button', {type: 'submit', id: 'tenant-save'}, tenant ? 'Save' : 'Create'), general, done);
  return form;
}

function placeProblems(error, id, notes, general) {
  if (error.code !== 'invalid_tenant' && error.code !== 'invalid_field' && error.code !== 'invalid_json') {
    show(general, errorBox(error));
    return;
  }
  for (const raw of error.message.split('; ')) {
    const problem = raw.startsWith(`${id}: `) ? raw.slice(id.length + 2) : raw;
    const hit = PROBLEM_FIELDS.find(([word]) => problem.includes(word));
    const note = hit ? notes[hit[1]] : null;
    (note || general).append(h('div', {class: 'error'}, problem));
  }
}

export async function pluginsPage(app) {
  const {plugins} = await call('GET', '/v1/admin/plugins');
  const problem = h('div', {id: 'plugins-problem'});
  const act = (id, path) => async () => {
    try {
      await call('POST', `/v1/admin/plugins/${encodeURIComponent(id)}/${path}`);
      pluginsPage(app);
    } catch (e) { show(problem, errorBox(e)); }
  };
  const file = h('input', {type: 'file', id: 'plugin-file', accept: '.zip,.jar'});
  const upload = h('form', {id: 'plugin-upload', onsubmit: async event => {
    event.preventDefault();
    if (!file.files.length) return;
    const chosen = file.files[0];
    try {
      await call('POST', '/v1/admin/plugins', chosen, chosen.name.endsWith('.jar') ? 'application/java-archive' : 'application/zip');
      pluginsPage(app);
    } catch (e) { show(problem, errorBox(e)); }
  }}, h('label', {}, 'Plugin zip or jar ', file), h('button', {type: 'submit'}, 'Upload'));
  show(app,
      h('section', {class: 'card'}, h('h2', {}, 'Plugins'), problem,
          h('table', {id: 'plugins'},
              h('thead', {}, h('tr', {}, ['plugin', 'version', 'state', 'extensions', 'used by', ''].map(t => h('th', {}, t)))),
              h('tbody', {}, plugins.map(p => h('tr', {dataset: {plugin: p.id}},
                  h('td', {}, h('b', {}, p.id), h('div', {class: 'muted'}, p.description || '')),
                  h('td', {}, p.version || ''),
                  h('td', {}, h('span', {class: `status ${p.enabled ? 'completed' : 'cancelled'}`}, p.state || ''), p.problem ? h('div', {class: 'error'}, p.problem) : null),
                  h('td', {}, (p.extensions || []).join(', ')),
                  h('td', {class: 'users'}, (p.tenants || []).join(', ') || '—'),
                  h('td', {},
                      h('button', {type: 'button', class: 'toggle', onclick: act(p.id, p.enabled ? 'disable' : 'enable')}, p.enabled ? 'Disable' : 'Enable'), ' ',
                      h('button', {type: 'button', class: 'reload', onclick: act(p.id, 'reload')}, 'Reload'))))))),
      h('section', {class: 'card'}, h('h2', {}, 'Upload a plugin'), upload));
}

export async function healthPage(app) {
  const health = await call('GET', '/v1/admin/health');
  show(app,
      h('section', {class: 'card', id: 'temporal-health'}, h('h2', {}, 'Temporal'),
          h('p', {}, h('span', {class: `status ${health.temporal.serving ? 'completed' : 'failed'}`},
              health.temporal.serving ? 'serving' : 'not answering'), ' at ', h('code', {}, health.temporal.target))),
      h('section', {class: 'card'}, h('h2', {}, 'Workers'),
          h('p', {class: 'muted'}, 'Worker processes polling each tenant\'s task queue, as Temporal sees them. Workers in this process: ',
              health.workersInThisProcess.join(', ') || 'none'),
          h('table', {id: 'workers'},
              h('thead', {}, h('tr', {}, ['tenant', 'namespace / queue', 'pollers'].map(t => h('th', {}, t)))),
              h('tbody', {}, health.queues.map(q => h('tr', {dataset: {tenant: q.tenant}},
                  h('td', {}, q.tenant), h('td', {}, `${q.namespace} / ${q.taskQueue}`),
                  h('td', {}, q.problem ? h('span', {class: 'error'}, q.problem)
                      : q.pollers.length === 0 ? h('span', {class: 'status failed'}, 'no worker polls')
                          : h('ul', {class: 'plain'}, q.pollers.map(p => h('li', {},
                              h('code', {}, p.identity), ` ${p.polls.join(' + ')}, last poll ${when(p.lastPolledAt)}`))))))))));
}
