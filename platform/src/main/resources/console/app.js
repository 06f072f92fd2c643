// The console's router: #/… addresses, one view at a time; views are in tenant.js, turn.js and admin.js.
import {h, show, errorBox} from './dom.js';
import {call, signedIn, signIn, signOut} from './api.js';
import {tenantHome, sessionPage} from './tenant.js';
import {turnPage} from './turn.js';
import {tenantsPage, tenantPage, pluginsPage, healthPage} from './admin.js';

const app = document.getElementById('app');
let leaving = null; // what the current view stops when another takes its place (e.g. an event stream)

const routes = [
  [/^#\/sessions\/([^/]+)$/, 'tenant', m => sessionPage(app, decodeURIComponent(m[1]))],
  [/^#\/turns\/([^/]+)$/, 'tenant', m => turnPage(app, decodeURIComponent(m[1]))],
  [/^#\/admin\/tenants\/([^/]+)$/, 'admin', m => tenantPage(app, decodeURIComponent(m[1]))],
  [/^#\/admin\/tenants$/, 'admin', () => tenantsPage(app)],
  [/^#\/admin\/plugins$/, 'admin', () => pluginsPage(app)],
  [/^#\/admin\/health$/, 'admin', () => healthPage(app)],
  [/^#\/admin\/?$/, 'admin', () => tenantsPage(app)],
  [/^(#\/?)?$/, 'tenant', () => tenantHome(app)],
];

function navigation(who) {
  const nav = document.getElementById('nav');
  const whoSpan = document.getElementById('who');
  if (!who) {
    show(nav);
    show(whoSpan);
    return;
  }
  const links = who.role === 'admin'
      ? [['#/admin/tenants', 'Tenants'], ['#/admin/plugins', 'Plugins'], ['#/admin/health', 'Health']]
      : [['#/', 'Sessions and turns']];
  show(nav, links.map(([href, text]) => h('a', {href}, text)));
  show(whoSpan, who.role === 'admin' ? 'admin' : `tenant ${who.tenant}`, ' ',
      h('button', {type: 'button', id: 'sign-out', class: 'link', onclick: () => { signOut(); goTo('#/'); }}, 'Sign out'));
}

function signInPage() {
  const role = h('select', {id: 'signin-role', name: 'role'},
      h('option', {value: 'tenant'}, 'Tenant'), h('option', {value: 'admin'}, 'Admin'));
  const tenant = h('input', {id: 'signin-tenant', name: 'tenant', placeholder: 'tenant id', autocomplete: 'username'});
  const key = h('input', {id: 'signin-key', name: 'key', type: 'password', placeholder: 'key', autocomplete: 'current-password', required: true});
  const problem = h('div', {id: 'signin-problem'});
  const tenantRow = h('label', {}, 'Tenant ', tenant);
  role.addEventListener('change', () => { tenantRow.hidden = role.value === 'admin'; });
  const form = h('form', {id: 'signin', class: 'card narrow', onsubmit: async event => {
    event.preventDefault();
    const who = {role: role.value, tenant: tenant.value.trim(), key: key.value};
    signIn(who);
    try {
      await call('GET', who.role === 'admin' ? '/v1/admin/tenants' : `/v1/tenants/${encodeURIComponent(who.tenant)}/usage`);
      goTo(who.role === 'admin' ? '#/admin/tenants' : '#/');
    } catch (e) {
      signOut();
      show(problem, errorBox(e));
    }
  }},
  h('h1', {}, 'Sign in'),
  h('p', {class: 'muted'}, 'The key stays in this tab (sessionStorage) and goes only to this server\'s API.'),
  h('label', {}, 'As ', role), tenantRow, h('label', {}, 'Key ', key),
  h('button', {type: 'submit', id: 'signin-submit'}, 'Sign in'), problem);
  show(app, form);
  document.body.dataset.page = 'signin';
  tenant.focus();
}

/** Shows the view at hash: a changed hash renders through hashchange, the same one is rendered again here. */
function goTo(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

async function render() {
  if (leaving) { leaving(); leaving = null; }
  delete document.body.dataset.page; // set again once the view is on the page (tests wait for it)
  const who = signedIn();
  navigation(who);
  if (!who) {
    signInPage();
    return;
  }
  const hash = location.hash || '#/';
  for (const [pattern, role, view] of routes) {
    const match = hash.match(pattern);
    if (!match) continue;
    if (role !== who.role) {
      location.hash = who.role === 'admin' ? '#/admin/tenants' : '#/';
      return;
    }
    try {
      leaving = await view(match) || null;
    } catch (e) {
      show(app, errorBox(e));
    }
    document.body.dataset.page = hash;
    return;
  }
  show(app, h('p', {class: 'error'}, 'No such page.'));
}

window.addEventListener('hashchange', render);
render();
