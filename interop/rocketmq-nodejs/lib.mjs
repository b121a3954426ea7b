// Shared plumbing of the interop scenarios: where the broker is, a quiet logger, checks and waits.
// Each scenario prints one JSON line with its findings and exits 0 when every check held.

export const endpoints = required('BROKER_ENDPOINTS');
export const adminEndpoint = process.env.BROKER_ADMIN ?? '';
const verbose = process.env.INTEROP_VERBOSE === '1';

export const logger = {
  info: (...args) => verbose && console.error('[info]', ...args),
  debug: (...args) => verbose && console.error('[debug]', ...args),
  warn: (...args) => verbose && console.error('[warn]', ...args),
  error: (...args) => verbose && console.error('[error]', ...args),
};

export function clientOptions(extra = {}) {
  const options = { endpoints, namespace: '', logger, requestTimeout: 5000, ...extra };
  if (process.env.BROKER_ACCESS_KEY && !options.sessionCredentials) {
    options.sessionCredentials = {
      accessKey: process.env.BROKER_ACCESS_KEY,
      accessSecret: process.env.BROKER_SECRET_KEY ?? '',
    };
  }
  return options;
}

/** Notes progress on stderr, so that a failing or hanging scenario shows how far it got. */
export function step(what) {
  console.error(`[${new Date().toISOString()}] ${what}`);
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed: ${message}`);
  }
}

export function sameList(actual, expected, what) {
  check(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

export async function admin(path) {
  check(adminEndpoint, 'BROKER_ADMIN is not set');
  const response = await fetch(new URL(path, adminEndpoint));
  check(response.ok, `GET ${path} answered ${response.status}`);
  return response.json();
}

/** Backlog of one lite topic as the broker's admin API reports it (0 when it is not listed). */
export async function liteBacklog(parent, liteTopic) {
  const topics = await admin(`/api/lite-topics?parent=${encodeURIComponent(parent)}&top=10000`);
  return topics.find(topic => topic.liteTopic === liteTopic)?.backlog ?? 0;
}

/** Runs a scenario with an overall deadline; prints its result as JSON and sets the exit code. */
export async function scenario(name, body, timeoutMs = 90000) {
  const timer = setTimeout(() => {
    console.log(JSON.stringify({ scenario: name, ok: false, error: `scenario timed out after ${timeoutMs} ms` }));
    process.exit(2);
  }, timeoutMs);
  try {
    const findings = await body();
    console.log(JSON.stringify({ scenario: name, ok: true, ...findings }));
    clearTimeout(timer);
    process.exit(0);
  } catch (error) {
    console.log(JSON.stringify({ scenario: name, ok: false, error: String(error?.stack ?? error) }));
    clearTimeout(timer);
    process.exit(1);
  }
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(64);
  }
  return value;
}
