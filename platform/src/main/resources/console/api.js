// The public REST API, as any client calls it. The key lives in sessionStorage only (gone with the tab).

const STORE = 'talon.console.signin';

export function signedIn() {
  try {
    return JSON.parse(sessionStorage.getItem(STORE)) || null;
  } catch {
    return null;
  }
}

export function signIn(who) {
  sessionStorage.setItem(STORE, JSON.stringify(who));
}

export function signOut() {
  sessionStorage.removeItem(STORE);
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(extra) {
  const who = signedIn();
  const all = {...extra};
  if (who) all.Authorization = `Bearer ${who.key}`;
  return all;
}

/** A JSON call: resolves to the parsed body, rejects with ApiError (the API's {error: {code, message}}). */
export async function call(method, path, body, contentType = 'application/json') {
  const init = {method, headers: headers(body === undefined ? {} : {'Content-Type': contentType})};
  if (body !== undefined) init.body = contentType === 'application/json' ? JSON.stringify(body) : body;
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'unreachable', `the server did not answer (${e.message})`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = (json && json.error) || {};
    throw new ApiError(response.status, error.code || `http_${response.status}`, error.message || text || response.statusText);
  }
  return json;
}

export const tenantPath = (rest = '') => `/v1/tenants/${encodeURIComponent(signedIn().tenant)}${rest}`;

/**
 * Server-sent events over fetch (EventSource cannot send an Authorization header). Calls onEvent(type, data, id)
 * for each event; reconnects with Last-Event-ID when the stream ends before isDone() says the turn ended.
 * Returns a function that stops it.
 */
export function follow(path, onEvent, isDone, onProblem) {
  const stop = new AbortController();
  let lastId = null;
  (async () => {
    let failures = 0;
    let first = true; // an ended turn's stream is read once: it replays the whole history
    while (!stop.signal.aborted && (first || !isDone())) {
      first = false;
      try {
        const extra = lastId ? {'Last-Event-ID': lastId, Accept: 'text/event-stream'} : {Accept: 'text/event-stream'};
        const response = await fetch(path, {headers: headers(extra), signal: stop.signal});
        if (!response.ok) {
          const text = await response.text();
          let error = {};
          try { error = JSON.parse(text).error || {}; } catch { /* not JSON */ }
          throw new ApiError(response.status, error.code || `http_${response.status}`, error.message || text);
        }
        failures = 0;
        await readEvents(response.body, (type, data, id) => {
          if (id) lastId = id;
          onEvent(type, data, id);
        });
      } catch (e) {
        if (stop.signal.aborted) return;
        failures++;
        if (onProblem) onProblem(e);
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) return;
      }
      if (!isDone() && !stop.signal.aborted) {
        await new Promise(resolve => setTimeout(resolve, Math.min(5000, 500 * (failures + 1))));
      }
    }
  })();
  return () => stop.abort();
}

async function readEvents(body, emit) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = {type: 'message', data: [], id: null};
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length) {
          let data = null;
          try { data = JSON.parse(event.data.join('\n')); } catch { data = {text: event.data.join('\n')}; }
          emit(event.type, data, event.id);
        }
        event = {type: 'message', data: [], id: null};
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.type = value;
        else if (field === 'data') event.data.push(value);
        else if (field === 'id') event.id = value;
      }
    }
  }
}
