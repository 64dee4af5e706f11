/**
 * A base image from a registry, in the shape Docker Hub serves it: a
 * Docker manifest list (linux/amd64 and linux/arm64) of Docker schema 2
 * manifests with gzip layers, made and pushed by crane (not by us) to
 * Debian's distribution registry on loopback, behind an htpasswd login.
 * The action's `oci-base` (through the real pipeline, logged in by
 * Docker's config.json) and `oci image --base` (logged in by the
 * environment) must give the same image digest; crane and umoci must read
 * that image as we do.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import {
  hasHtpasswd,
  REGISTRY_DISTRIBUTION,
  startRegistry,
  type Registry
} from '../publish/registry.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')
const { readInputs } = await import('../../src/inputs.js')
const { exec } = await import('../../src/util/exec.js')
const { cli } = await import('../../src/cli/main.js')

const CRANE = process.env.CRANE ?? ''
const UMOCI = process.env.UMOCI ?? ''
const LOGIN = { username: 'puller', password: 'base-secret-7f3a9c' }
const ready = CRANE !== '' && REGISTRY_DISTRIBUTION !== '' && hasHtpasswd()

/** A small x86-64 ELF header and payload: what `oci image` packs is bytes. */
const fakeElf = (): string => {
  const h = Buffer.alloc(80)
  h.write('\x7fELF\x02\x01\x01', 0, 'latin1')
  h.writeUInt16LE(2, 16)
  h.writeUInt16LE(62, 18)
  const path = join(mkdtempSync(join(tmpdir(), 'eb-ocib-bin-')), 'app')
  writeFileSync(path, h)
  return path
}

async function cliRun(
  argv: string[],
  env: NodeJS.ProcessEnv
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await cli(argv, {
    cwd: process.cwd(),
    env,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t)
  })
  return { code, out, err }
}

describe('oci-base: the pin is checked before any work', () => {
  it('refuses a tag without a digest, saying how to pin', () => {
    const inputs: Record<string, string> = {
      target: 'oci',
      'oci-base': 'registry.example/distroless/static:nonroot'
    }
    expect(() => readInputs((n) => inputs[n] ?? '')).toThrow(
      /oci-base must be pinned by digest.*crane digest/s
    )
  })

  it('--base REF:TAG is refused (exit 2) with the same advice', async () => {
    const r = await cliRun(
      [
        'oci',
        'image',
        '--binary',
        fakeElf(),
        '--output',
        join(mkdtempSync(join(tmpdir(), 'eb-ocib-')), 'x'),
        '--base',
        '127.0.0.1:1/base:v1'
      ],
      {}
    )
    expect(r.err).toMatch(
      /^error\[INPUT_INVALID\]: --base must be pinned by digest/
    )
    expect(r.code).toBe(2)
  })
})

const title = ready
  ? 'a registry base in Docker Hub shape'
  : 'a registry base in Docker Hub shape (needs CRANE from .ci/crane.sh, REGISTRY_DISTRIBUTION and htpasswd from .ci/registry.sh)'
;(ready ? describe : describe.skip)(title, () => {
  let registry: Registry
  const work = mkdtempSync(join(tmpdir(), 'eb-ocib-reg-'))
  const dockerConfig = join(work, 'docker')
  let indexDigest = ''
  let amd64Digest = ''
  const crane = (...args: string[]): string =>
    execFileSync(CRANE, [...args, '--insecure'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOCKER_CONFIG: dockerConfig }
    }).trim()

  beforeAll(async () => {
    registry = await startRegistry(REGISTRY_DISTRIBUTION, { login: LOGIN })
    mkdirSync(dockerConfig)
    writeFileSync(
      join(dockerConfig, 'config.json'),
      JSON.stringify({
        auths: {
          [registry.host]: {
            auth: Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString(
              'base64'
            )
          }
        }
      })
    )
    // one root tree per platform, archived by GNU tar (directories, a
    // symlink, a file), appended by crane to its Docker-typed empty base
    for (const arch of ['amd64', 'arm64']) {
      const root = join(work, `root-${arch}`)
      mkdirSync(join(root, 'etc'), { recursive: true })
      mkdirSync(join(root, 'usr', 'lib'), { recursive: true })
      writeFileSync(join(root, 'etc', 'passwd'), 'nonroot:x:65532:65532::/:\n')
      writeFileSync(join(root, 'usr', 'lib', 'os-release'), `ID=${arch}\n`)
      symlinkSync('../usr/lib/os-release', join(root, 'etc', 'os-release'))
      execFileSync('tar', [
        '--format=gnu',
        '--sort=name',
        '-C',
        root,
        '-cf',
        join(work, `${arch}.tar`),
        '.'
      ])
      crane(
        'append',
        '-f',
        join(work, `${arch}.tar`),
        '-t',
        `${registry.host}/base:${arch}-0`
      )
      crane(
        'mutate',
        `${registry.host}/base:${arch}-0`,
        '--set-platform',
        `linux/${arch}`,
        '-e',
        'PATH=/usr/bin:/bin',
        '-e',
        'BASE=1',
        '-l',
        'org.example.base=yes',
        '-u',
        '65532',
        '-w',
        '/home',
        '-t',
        `${registry.host}/base:${arch}`
      )
    }
    crane(
      'index',
      'append',
      '--docker-empty-base',
      '-m',
      `${registry.host}/base:amd64`,
      '-m',
      `${registry.host}/base:arm64`,
      '-t',
      `${registry.host}/base:multi`
    )
    indexDigest = crane('digest', `${registry.host}/base:multi`)
    amd64Digest = crane('digest', `${registry.host}/base:amd64`)
  }, 60_000)
  afterAll(async () => registry?.stop())

  it('is in the shape Docker Hub serves: a manifest list of schema 2 manifests with gzip layers', () => {
    const index = JSON.parse(
      crane('manifest', `${registry.host}/base@${indexDigest}`)
    ) as {
      mediaType: string
      manifests: { platform: { architecture: string } }[]
    }
    expect(index.mediaType).toBe(
      'application/vnd.docker.distribution.manifest.list.v2+json'
    )
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual([
      'amd64',
      'arm64'
    ])
    const m = JSON.parse(
      crane('manifest', `${registry.host}/base@${amd64Digest}`)
    ) as { mediaType: string; layers: { mediaType: string }[] }
    expect(m.mediaType).toBe(
      'application/vnd.docker.distribution.manifest.v2+json'
    )
    expect(m.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.docker.image.rootfs.diff.tar.gzip'
    ])
  })

  it('the action and `oci image --base` give the same digest; crane and umoci read it as we do', async () => {
    const repo = makeRepo('nodeps')
    const out = mkdtempSync(join(tmpdir(), 'eb-ocib-action-'))
    const base = `${registry.host}/base@${indexDigest}`
    const inputs: Record<string, string> = {
      'working-directory': repo,
      'output-directory': out,
      output: 'svc',
      'rebuild-check': 'false',
      cache: 'false',
      'show-summary': 'false',
      signing: 'none',
      target: 'oci',
      'oci-base': base,
      'oci-compression': 'gzip',
      'oci-env': 'A=1'
    }
    core.resetCore()
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DOCKER_CONFIG: dockerConfig,
      RUNNER_OS: 'Linux'
    }
    delete env.ENCLAVE_BUILD_REGISTRY_PASSWORD
    await run({
      exec,
      env,
      cache: {
        restoreCache: () => Promise.resolve(undefined),
        saveCache: () => Promise.resolve(0)
      },
      inputs: () => readInputs((n) => inputs[n] ?? '')
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    const actionDigest = core.outputs['image-digest']
    expect(actionDigest).toMatch(/^sha256:[0-9a-f]{64}$/)
    const logged = JSON.stringify(core.info.mock.calls)
    expect(logged).toContain(base)
    expect(logged).not.toContain(LOGIN.password)

    const record = JSON.parse(
      readFileSync(join(out, 'build-record.json'), 'utf8')
    ) as { source: { commitTime: string } }
    const created = new Date(
      Math.floor(Date.parse(record.source.commitTime) / 1000) * 1000
    )
      .toISOString()
      .replace('.000Z', 'Z')
    const layout = join(work, 'cli-image')
    const r = await cliRun(
      [
        'oci',
        'image',
        '--binary',
        join(out, 'svc'),
        '--output',
        layout,
        '--base',
        base,
        '--compression',
        'gzip',
        '--env',
        'A=1',
        '--created',
        created,
        '--json'
      ],
      {
        ENCLAVE_BUILD_REGISTRY_USERNAME: LOGIN.username,
        ENCLAVE_BUILD_REGISTRY_PASSWORD: LOGIN.password,
        HOME: work
      }
    )
    expect(r.err).toBe('')
    const cliOut = JSON.parse(r.out) as {
      digest: string
      config: string
      layers: string[]
      diffIds: string[]
    }
    expect(cliOut.digest).toBe(actionDigest)

    // crane's view of the base: the amd64 manifest's layers and the
    // config's diff IDs come first in ours, byte for byte
    const baseManifest = JSON.parse(
      crane('manifest', `${registry.host}/base@${amd64Digest}`)
    ) as { layers: { digest: string }[] }
    const baseConfig = JSON.parse(
      crane('config', `${registry.host}/base@${amd64Digest}`)
    ) as { rootfs: { diff_ids: string[] }; config: { Env: string[] } }
    expect(cliOut.layers.slice(0, -1)).toEqual(
      baseManifest.layers.map((l) => l.digest)
    )
    expect(cliOut.diffIds.slice(0, -1)).toEqual(baseConfig.rootfs.diff_ids)

    // crane pushes our layout and reads back our digest and config
    crane('push', layout, `${registry.host}/app:v1`)
    expect(crane('digest', `${registry.host}/app:v1`)).toBe(actionDigest)
    const config = JSON.parse(crane('config', `${registry.host}/app:v1`)) as {
      architecture: string
      config: {
        Env: string[]
        User: string
        WorkingDir: string
        Labels: Record<string, string>
        Entrypoint: string[]
      }
    }
    expect(config.architecture).toBe('amd64')
    expect(config.config.Env).toEqual(['PATH=/usr/bin:/bin', 'BASE=1', 'A=1'])
    expect(config.config.User).toBe('65532')
    expect(config.config.WorkingDir).toBe('/home')
    expect(config.config.Labels).toEqual({ 'org.example.base': 'yes' })
    expect(config.config.Entrypoint).toEqual(['/app/svc'])
    const manifest = JSON.parse(
      crane('manifest', `${registry.host}/app:v1`)
    ) as {
      mediaType: string
      layers: { mediaType: string }[]
      annotations: Record<string, string>
    }
    expect(manifest.mediaType).toBe(
      'application/vnd.oci.image.manifest.v1+json'
    )
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'application/vnd.oci.image.layer.v1.tar+gzip'
    ])
    expect(manifest.annotations['org.opencontainers.image.base.digest']).toBe(
      amd64Digest
    )
    expect(crane('validate', '--remote', `${registry.host}/app:v1`)).toMatch(
      /PASS/
    )

    // umoci unpacks base and binary from our layout
    if (UMOCI !== '') {
      const bundle = join(work, 'bundle')
      const u = spawnSync(
        UMOCI,
        ['unpack', '--rootless', '--image', `${layout}:latest`, bundle],
        { encoding: 'utf8' }
      )
      expect(u.stderr).not.toMatch(/error/i)
      expect(u.status).toBe(0)
      const rootfs = join(bundle, 'rootfs')
      expect(
        readFileSync(join(rootfs, 'usr', 'lib', 'os-release'), 'utf8')
      ).toBe('ID=amd64\n')
      expect(readFileSync(join(rootfs, 'app', 'svc'))).toEqual(
        readFileSync(join(out, 'svc'))
      )
    } else console.log('umoci not installed (.ci/umoci.sh): unpack skipped')
    expect(existsSync(join(out, 'oci-image', 'index.json'))).toBe(true)
  }, 300_000)

  it('without a login: REGISTRY_REFUSED, exit 1, no secret in the message', async () => {
    const r = await cliRun(
      [
        'oci',
        'image',
        '--binary',
        fakeElf(),
        '--output',
        join(work, 'refused'),
        '--base',
        `${registry.host}/base@${indexDigest}`
      ],
      { HOME: work }
    )
    expect(r.err).toMatch(/^error\[REGISTRY_REFUSED\]/)
    expect(r.code).toBe(1)
  })
})

describe('a registry that fails on the way', () => {
  const sha = (b: Buffer): string =>
    `sha256:${createHash('sha256').update(b).digest('hex')}`
  // an empty tar (two zero blocks) as the one layer
  const layer = Buffer.alloc(1024)
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [sha(layer)] }
    })
  )
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha(config),
        size: config.length
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar',
          digest: sha(layer),
          size: layer.length
        }
      ]
    })
  )
  const hits: Record<string, number> = {}
  let server: Server
  let host = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? ''
      const [, , repo, kind] = url.split('/')
      const key = `${repo}/${kind}/${url.split('/').pop()}`
      hits[key] = (hits[key] ?? 0) + 1
      const busy = (status: number): void => {
        res.writeHead(status, { 'retry-after': '0' })
        res.end('busy')
      }
      if (url === '/v2/') return void res.end('{}')
      // "flaky": 503, 408 and 429 before each answer; "down": always 500
      if (repo === 'down') return busy(500)
      if (repo === 'flaky' && hits[key] === 1) return busy(503)
      if (repo === 'flaky' && hits[key] === 2)
        return busy(kind === 'blobs' ? 429 : 408)
      if (kind === 'manifests') {
        res.writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json'
        })
        return void res.end(manifest)
      }
      if (url.endsWith(sha(config))) return void res.end(config)
      // "tampered" serves other bytes for the layer
      if (url.endsWith(sha(layer)))
        return void res.end(repo === 'tampered' ? Buffer.alloc(1024, 1) : layer)
      res.writeHead(404)
      res.end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })
  const image = (repo: string) =>
    cliRun(
      [
        'oci',
        'image',
        '--binary',
        fakeElf(),
        '--output',
        join(mkdtempSync(join(tmpdir(), 'eb-ocib-flaky-')), 'img'),
        '--base',
        `${host}/${repo}@${sha(manifest)}`,
        '--json'
      ],
      {}
    )

  it('retries 503, 408 and 429, then builds on the base', async () => {
    const r = await image('flaky')
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.out) as { layers: string[] }
    expect(out.layers[0]).toBe(sha(layer))
    expect(hits[`flaky/manifests/${sha(manifest)}`]).toBe(3)
    expect(hits[`flaky/blobs/${sha(layer)}`]).toBe(3)
  })

  it('a registry that keeps failing: a remote code, exit 1', async () => {
    const r = await image('down')
    expect(r.err).toMatch(/^error\[HTTP_ERROR\]: .*answered 500/)
    expect(r.code).toBe(1)
    expect(hits[`down/manifests/${sha(manifest)}`]).toBe(4)
  })

  it('a blob with other bytes than its digest: refused, exit 1', async () => {
    const r = await image('tampered')
    expect(r.err).toMatch(
      new RegExp(
        `^error\\[SIGNATURE_INVALID\\]: .*${sha(layer)} with other bytes`
      )
    )
    expect(r.code).toBe(1)
  })
})

describe('Docker Hub names', () => {
  it('docker.io is served at registry-1.docker.io, as Docker and crane reach it', async () => {
    const { parseOciReference } = await import('../../src/oci/reference.js')
    const d = `sha256:${'a'.repeat(64)}`
    expect(
      parseOciReference(`oci://docker.io/library/debian@${d}`).baseUrl
    ).toBe('https://registry-1.docker.io')
    expect(parseOciReference(`oci://ghcr.io/acme/app@${d}`).baseUrl).toBe(
      'https://ghcr.io'
    )
  })
})
