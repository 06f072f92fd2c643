// Tenant views: sessions, recent turns, usage against budget, starting a turn, a session's turns.
import {h, show, errorBox, when} from './dom.js';
import {call, tenantPath} from './api.js';

export async function tenantHome(app) {
  const [sessions, turns, usage] = await Promise.all([
    call('GET', tenantPath('/sessions')), call('GET', tenantPath('/turns?limit=50')), call('GET', tenantPath('/usage'))]);
  show(app,
      h('div', {class: 'grid'},
          h('section', {class: 'card'}, h('h2', {}, 'Start a turn'), startTurnForm('')),
          h('section', {class: 'card', id: 'usage'}, h('h2', {}, 'Usage'), usageTable(usage))),
      h('section', {class: 'card'}, h('h2', {}, 'Recent turns'), turnsTable(turns.turns)),
      h('section', {class: 'card'}, h('h2', {}, 'Sessions'),
          sessions.sessions.length === 0 ? h('p', {class: 'muted'}, 'No stored session yet.')
              : h('ul', {id: 'sessions', class: 'plain'}, sessions.sessions.map(id =>
                  h('li', {}, h('a', {href: `#/sessions/${encodeURIComponent(id)}`}, id)))),
          sessions.truncated ? h('p', {class: 'muted'}, 'Only the first 1000 are listed.') : null));
}

export function startTurnForm(session) {
  const sessionInput = h('input', {id: 'turn-session', name: 'session', value: session, required: true, placeholder: 'session id'});
  const message = h('textarea', {id: 'turn-message', name: 'message', rows: 3, required: true, placeholder: 'message'});
  const problem = h('div', {class: 'problem'});
  return h('form', {id: 'start-turn', onsubmit: async event => {
    event.preventDefault();
    try {
      const started = await call('POST', tenantPath('/turns'),
          {session: sessionInput.value.trim(), message: message.value, wait: false});
      sessionStorage.setItem(`talon.console.message.${started.turnId}`, JSON.stringify(
          {session: sessionInput.value.trim(), message: message.value}));
      location.hash = `#/turns/${encodeURIComponent(started.turnId)}`;
    } catch (e) {
      show(problem, errorBox(e));
    }
  }}, h('label', {}, 'Session ', sessionInput), h('label', {}, 'Message ', message),
  h('button', {type: 'submit', id: 'turn-submit'}, 'Start'), problem);
}

function turnsTable(turns) {
  if (!turns.length) return h('p', {class: 'muted'}, 'No turn seen by Temporal yet.');
  return h('table', {id: 'turns'},
      h('thead', {}, h('tr', {}, h('th', {}, 'turn'), h('th', {}, 'status'), h('th', {}, 'started'), h('th', {}, 'ended'))),
      h('tbody', {}, turns.map(turn => h('tr', {},
          h('td', {}, h('a', {href: `#/turns/${encodeURIComponent(turn.turnId)}`}, turn.turnId)),
          h('td', {}, h('span', {class: `status ${turn.status}`}, turn.status)),
          h('td', {}, when(turn.startedAt)), h('td', {}, when(turn.closedAt))))));
}

function usageTable(usage) {
  const row = (name, period) => {
    const total = period.total || {};
    const tokens = (total.inputTokens || 0) + (total.outputTokens || 0);
    const limit = period.tokenLimit;
    const share = limit ? Math.min(100, Math.round(tokens * 100 / limit)) : null;
    return h('tr', {},
        h('th', {}, `${name} (${period.period})`),
        h('td', {}, `${tokens} tokens`, limit ? ` of ${limit}` : ' (no token budget)',
            share === null ? null : h('meter', {min: 0, max: 100, value: share, title: `${share}%`})),
        h('td', {}, `$${total.costUsd ?? 0}`, period.costLimitUsd != null ? ` of $${period.costLimitUsd}` : ''),
        h('td', {class: 'muted'}, `${total.calls || 0} calls, resets ${when(period.resetsAt)}`));
  };
  return h('table', {}, h('tbody', {}, row('today', usage.day), row('this month', usage.month)));
}

export async function sessionPage(app, session) {
  let stored = {messages: []};
  let problem = null;
  try {
    stored = await call('GET', tenantPath(`/sessions/${encodeURIComponent(session)}/messages`));
  } catch (e) {
    if (e.status !== 404) throw e;
    problem = h('p', {class: 'muted'}, 'Nothing stored in this session yet.');
  }
  // the stored conversation carries each message's turn_id: one block per turn, in order
  const turns = [];
  for (const message of stored.messages) {
    const turnId = message.turn_id || '(no turn id)';
    if (!turns.length || turns[turns.length - 1].turnId !== turnId) turns.push({turnId, messages: []});
    turns[turns.length - 1].messages.push(message);
  }
  show(app,
      h('h1', {}, 'Session ', h('code', {}, session)),
      h('section', {class: 'card'}, h('h2', {}, 'New turn in this session'), startTurnForm(session)),
      problem,
      h('div', {id: 'session-turns'}, turns.map(turn => h('section', {class: 'card turn-block'},
          h('h3', {}, 'Turn ', turn.turnId.startsWith('(') ? turn.turnId
              : h('a', {href: `#/turns/${encodeURIComponent(turn.turnId)}`}, turn.turnId)),
          turn.messages.map(messageView)))));
}

export function messageView(message) {
  const role = message.role || 'unknown';
  const calls = (message.tool_calls || []).map(c => h('div', {class: 'call'}, '→ ', h('code', {}, (c.function || c).name || ''),
      ' ', h('code', {}, typeof (c.function || c).arguments === 'string' ? (c.function || c).arguments : JSON.stringify((c.function || c).arguments))));
  const content = typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? '');
  return h('div', {class: `message ${role}`},
      h('span', {class: 'role'}, role, message.name ? ` ${message.name}` : ''),
      content ? h('pre', {class: 'content'}, content) : null, calls);
}
