// A turn as it runs: the conversation, each LLM step and tool call, approvals, cancel; live from the turn's SSE
// stream (which replays the whole history first, so an ended turn shows the same way).
import {h, show, append, errorBox, pretty, millis} from './dom.js';
import {call, follow, tenantPath} from './api.js';
import {messageView} from './tenant.js';

const ENDED = new Set(['completed', 'failed', 'cancelled']);

export async function turnPage(app, turnId) {
  const base = tenantPath(`/turns/${encodeURIComponent(turnId)}`);
  const view = await call('GET', base);
  const state = {status: view.status, session: view.session, llm: new Map(), tools: [], approvals: new Map()};

  const status = h('span', {id: 'turn-status', class: `status ${view.status}`}, view.status);
  const problem = h('div', {id: 'turn-problem'});
  const cancel = h('button', {type: 'button', id: 'cancel', class: 'danger', onclick: async () => {
    cancel.disabled = true;
    try {
      await call('POST', `${base}/cancel`);
      setStatus('cancelling');
    } catch (e) {
      cancel.disabled = false;
      show(problem, errorBox(e));
    }
  }}, 'Cancel turn');
  const sessionLink = h('span', {id: 'turn-session'});
  const conversation = h('div', {id: 'conversation'});
  const reply = h('div', {id: 'reply'});
  const steps = h('ol', {id: 'steps', class: 'steps'});
  const approvals = h('div', {id: 'approvals'});
  const summary = h('p', {id: 'turn-summary', class: 'muted'});

  show(app,
      h('h1', {}, 'Turn ', h('code', {}, turnId), ' ', status, ' ', cancel),
      sessionLink, problem,
      h('section', {class: 'card'}, h('h2', {}, 'Conversation'), conversation, reply, summary),
      h('section', {class: 'card'}, h('h2', {}, 'Waiting for approval'), approvals),
      h('section', {class: 'card'}, h('h2', {}, 'Steps'), steps));

  const started = sessionStorage.getItem(`talon.console.message.${turnId}`);
  if (started) {
    const {session, message} = JSON.parse(started);
    showSession(session);
    show(conversation, messageView({role: 'user', content: message}));
  }
  if (view.session) showSession(view.session);
  for (const pending of view.pendingApprovals || []) approvalNeeded(pending);
  setStatus(view.status);
  if (view.status === 'completed') showReply(view.reply);
  if (view.error) show(problem, errorBox(view.error));

  function showSession(session) {
    state.session = session;
    show(sessionLink, 'Session ', h('a', {href: `#/sessions/${encodeURIComponent(session)}`}, session));
  }

  function setStatus(next) {
    state.status = next;
    status.textContent = next;
    status.className = `status ${next}`;
    cancel.hidden = ENDED.has(next);
    if (ENDED.has(next)) {
      for (const card of approvals.querySelectorAll('button')) card.disabled = true;
    }
  }

  function showReply(text) {
    show(reply, messageView({role: 'assistant', content: text || ''}));
  }

  function field(card, name, value) {
    let cell = card.querySelector(`[data-field="${name}"]`);
    if (!cell) {
      cell = h('span', {class: 'field', dataset: {field: name}});
      card.querySelector('.fields').append(cell);
    }
    show(cell, h('b', {}, name), ' ', String(value));
  }

  function llmCard(step) {
    if (!state.llm.has(step)) {
      const card = h('li', {class: 'step llm running', dataset: {step}},
          h('div', {class: 'title'}, `LLM call, step ${step}`), h('div', {class: 'fields'}),
          h('div', {class: 'retries'}), h('pre', {class: 'delta'}));
      state.llm.set(step, card);
      steps.append(card);
    }
    return state.llm.get(step);
  }

  function lastOpen(kind) {
    const cards = kind === 'LlmChat' ? [...state.llm.values()] : state.tools;
    return [...cards].reverse().find(card => card.classList.contains('running'));
  }

  function approvalNeeded(data) {
    if (state.approvals.has(data.approvalId)) return;
    const outcome = h('span', {class: 'outcome'});
    const decide = decision => async () => {
      for (const button of card.querySelectorAll('button')) button.disabled = true;
      try {
        await call('POST', `${base}/approvals/${encodeURIComponent(data.approvalId)}`, {decision});
        show(outcome, decision === 'approve' ? 'approved' : 'denied');
      } catch (e) {
        show(outcome, errorBox(e));
      }
    };
    const card = h('div', {class: 'approval', dataset: {approval: data.approvalId}},
        h('div', {class: 'title'}, 'Tool ', h('code', {}, data.tool), ` (call ${data.approvalId})`),
        h('pre', {class: 'args'}, pretty(data.arguments)),
        h('button', {type: 'button', class: 'approve', onclick: decide('approve')}, 'Approve'), ' ',
        h('button', {type: 'button', class: 'deny danger', onclick: decide('deny')}, 'Deny'), ' ', outcome);
    state.approvals.set(data.approvalId, card);
    approvals.append(card);
  }

  const handlers = {
    llm_started: data => llmCard(data.step),
    text_delta: data => {
      const card = llmCard(data.step);
      if (card.dataset.attempt !== String(data.attempt)) {
        card.dataset.attempt = String(data.attempt);
        card.querySelector('.delta').textContent = '';
      }
      card.querySelector('.delta').append(document.createTextNode(data.text || ''));
      if (!card.dataset.streamed) {
        card.dataset.streamed = 'yes';
        field(card, 'streamed', 'yes');
      }
    },
    delta_discarded: data => {
      const card = llmCard(data.step);
      card.querySelector('.delta').textContent = '';
      append(card.querySelector('.retries'), h('div', {}, `text of attempt ${data.attempt} discarded (retried)`));
    },
    llm_finished: data => {
      const card = llmCard(data.step);
      card.classList.replace('running', 'done');
      const usage = data.usage || {};
      field(card, 'tokens', `${usage.inputTokens ?? 0} in / ${usage.outputTokens ?? 0} out`);
      if (usage.cacheReadTokens) field(card, 'cache read', usage.cacheReadTokens);
      if (data.durationMs !== undefined) field(card, 'latency', millis(data.durationMs));
      if (data.attempt) field(card, 'attempt', data.attempt);
      if (data.worker) field(card, 'worker', data.worker);
      field(card, 'tool calls', data.toolCalls ?? 0);
      if (data.text !== undefined) card.querySelector('.delta').textContent = data.text + (data.textTruncated ? '\n… (cut)' : '');
    },
    tool_started: data => {
      const card = h('li', {class: `step tool ${data.denied ? 'done denied' : 'running'}`, dataset: {call: data.callId || '', tool: data.name}},
          h('div', {class: 'title'}, 'Tool ', h('code', {}, data.name), ` (step ${data.step})`), h('div', {class: 'fields'}),
          h('div', {class: 'retries'}),
          h('div', {class: 'label'}, 'arguments'), h('pre', {class: 'args'}, pretty(data.arguments)),
          h('div', {class: 'label'}, 'result'), h('pre', {class: 'result'}));
      if (data.denied) field(card, 'denied', data.denied);
      state.tools.push(card);
      steps.append(card);
    },
    tool_finished: data => {
      const card = [...state.tools].reverse().find(c => c.dataset.call === (data.callId || '') && !c.dataset.finished)
          || [...state.tools].reverse().find(c => !c.dataset.finished);
      if (!card) return;
      card.dataset.finished = 'yes';
      card.classList.remove('running');
      card.classList.add(data.error ? 'failed' : 'done');
      if (data.durationMs !== undefined) field(card, 'duration', millis(data.durationMs));
      if (data.attempt) field(card, 'attempts', data.attempt);
      if (data.worker) field(card, 'worker', data.worker);
      field(card, 'size', `${data.size ?? 0} chars`);
      if (data.error) field(card, 'error', data.message || 'error');
      card.querySelector('.result').textContent = (data.result ?? '') + (data.resultTruncated ? '\n… (cut)' : '');
    },
    retry: data => {
      const card = lastOpen(data.activity);
      const line = h('div', {class: 'retry'}, `attempt ${data.attempt} of ${data.activity}: ${data.reason || 'retrying'}`);
      if (card) card.querySelector('.retries').append(line); else steps.append(h('li', {class: 'step'}, line));
    },
    approval_needed: approvalNeeded,
    completed: data => {
      setStatus('completed');
      showReply(data.reply);
      const usage = data.usage || {};
      show(summary, `${data.iterations} iterations, stop reason ${data.stopReason}, `,
          `${usage.inputTokens ?? 0} tokens in / ${usage.outputTokens ?? 0} out`);
      loadRecorded();
    },
    failed: data => { setStatus('failed'); show(problem, errorBox(data)); },
    cancelled: () => { setStatus('cancelled'); loadRecorded(); },
  };

  // once recorded, the session file has the whole turn: its user message from there, when not known here
  async function loadRecorded() {
    if (!state.session || conversation.childNodes.length) return;
    try {
      const stored = await call('GET', tenantPath(`/sessions/${encodeURIComponent(state.session)}/messages`));
      const mine = stored.messages.filter(m => m.turn_id === turnId && m.role === 'user');
      show(conversation, mine.map(messageView));
    } catch { /* the steps below still tell the story */ }
  }

  return follow(`${base}/events`, (type, data) => {
    const handler = handlers[type];
    if (handler) handler(data);
  }, () => ENDED.has(state.status), e => show(problem, errorBox(e)));
}
