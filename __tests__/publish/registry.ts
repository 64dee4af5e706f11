import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Real registries on 127.0.0.1, each on a free port with its own storage.
 * .ci/registry.sh installs them and prints what to export:
 *   REGISTRY_DISTRIBUTION  Debian's docker-registry: the CNCF distribution
 *     registry 2.8 (no referrers API: the tag schema is used; it also has
 *     read-only mode and htpasswd logins). distribution v3.1 has no
 *     referrers API either (its pull request #4828 is still open).
 *   REGISTRY_CUE  `cue mod registry`: CUE's in-memory OCI registry
 *     (cuelabs.dev/go/oci/ociserver), which answers the referrers API and
 *     sets OCI-Subject.
 * Tests skip visibly when one is missing.
 */
export const REGISTRY_DISTRIBUTION = process.env.REGISTRY_DISTRIBUTION ?? ''
export const REGISTRY_CUE = process.env.REGISTRY_CUE ?? ''

/** A running registry. */
export interface Registry {
  /** host:port */
  host: string
  stop: () => Promise<void>
}

/** How to configure it. */
export interface RegistryConfig {
  readonly?: boolean
  /** Basic auth through htpasswd (bcrypt, made with `htpasswd -nbB`). */
  login?: { username: string; password: string }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Waits until /v2/ answers; stops the registry if it never does. */
async function ready(
  host: string,
  child: ChildProcess,
  stop: () => Promise<void>,
  output: () => string
): Promise<Registry> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break
    try {
      const r = await fetch(`http://${host}/v2/`)
      if (r.status === 200 || r.status === 401) return { host, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error(`the registry did not start: ${output().slice(-500)}`)
}

function stopper(child: ChildProcess, dir?: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}

/** `cue mod registry 127.0.0.1:PORT`: in memory, referrers API on. */
export async function startCueRegistry(binary: string): Promise<Registry> {
  const port = await freePort()
  const host = `127.0.0.1:${port}`
  const child = spawn(binary, ['mod', 'registry', host], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  return ready(host, child, stopper(child), () => stderr)
}

/** Starts `docker-registry serve config.yml` and waits for /v2/ to answer. */
export async function startRegistry(
  binary: string,
  config: RegistryConfig = {}
): Promise<Registry> {
  const dir = await mkdtemp(join(tmpdir(), 'registry-'))
  const port = await freePort()
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    '    readonly:',
    `      enabled: ${config.readonly ? 'true' : 'false'}`,
    'http:',
    `  addr: 127.0.0.1:${port}`
  ]
  if (config.login) {
    const line = execFileSync(
      'htpasswd',
      ['-nbB', config.login.username, config.login.password],
      { encoding: 'utf8' }
    ).trim()
    await writeFile(join(dir, 'htpasswd'), `${line}\n`)
    lines.push(
      'auth:',
      '  htpasswd:',
      '    realm: test',
      `    path: ${join(dir, 'htpasswd')}`
    )
  }
  await writeFile(join(dir, 'config.yml'), `${lines.join('\n')}\n`)
  const child: ChildProcess = spawn(
    binary,
    ['serve', join(dir, 'config.yml')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, OTEL_TRACES_EXPORTER: 'none' }
    }
  )
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  return ready(`127.0.0.1:${port}`, child, stopper(child, dir), () => stderr)
}

/** Whether `htpasswd` (apache2-utils) is there for the login registry. */
export function hasHtpasswd(): boolean {
  try {
    execFileSync('htpasswd', ['-nbB', 'a', 'b'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
