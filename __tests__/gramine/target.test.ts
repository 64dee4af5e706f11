import { describe, expect, it } from '@jest/globals'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BuildRecord } from '../../src/model/build-record.js'
import { gramineOptions } from '../../src/targets/gramine/options.js'
import type { GramineOptions } from '../../src/targets/gramine/options.js'
import {
  commitDate,
  gramineTarget,
  parseVars
} from '../../src/targets/gramine/target.js'
import type { TargetContext } from '../../src/targets/target.js'
import { exec, type Exec } from '../../src/util/exec.js'
import {
  codeOf,
  expected,
  KEY,
  ROOTFS,
  tempDir,
  vectorFile
} from './helpers.js'

const G1 = 'g1-go-256M-t4-debug'

/** The target run with this outside world in its context. */
const createGramineTarget = (deps: { exec: Exec; env: NodeJS.ProcessEnv }) => ({
  run: (ctx: TargetContext, o: GramineOptions) =>
    gramineTarget.run({ ...ctx, ...deps }, o)
})

async function setup(): Promise<{
  ctx: TargetContext
  warnings: string[]
  dir: string
}> {
  const dir = await tempDir()
  const warnings: string[] = []
  const ctx: TargetContext = {
    build: {} as BuildRecord,
    binaryPath: join(ROOTFS, 'app/server'),
    outDir: join(dir, 'out'),
    commitTime: new Date('2026-01-15T23:30:00Z'),
    exec,
    env: { PATH: '' },
    log: () => undefined,
    warn: (m) => warnings.push(m)
  }
  await mkdir(ctx.outDir)
  return { ctx, warnings, dir }
}

async function options(extra: Record<string, string> = {}) {
  return gramineOptions.parse({
    'manifest-template': vectorFile(G1, '.manifest.template'),
    'gramine-vars': '# the defines of vector g1\nlog_level=error\n',
    'signing-key': await readFile(KEY, 'utf8'),
    'gramine-root': ROOTFS,
    'gramine-binary-path': '/app/server',
    ...extra
  })
}

/** A stand-in gramine-sgx-sign that copies $FAKE_SIG to --sigfile and records the key file mode. */
async function fakeTool(dir: string): Promise<string> {
  const bin = join(dir, 'bin')
  await mkdir(bin)
  const script = [
    '#!/bin/sh',
    'while [ $# -gt 0 ]; do',
    '  case "$1" in --sigfile) sig="$2"; shift;; --key) key="$2"; shift;; esac',
    '  shift',
    'done',
    'stat -c %a "$key" > "$FAKE_LOG"',
    'cp "$FAKE_SIG" "$sig"'
  ].join('\n')
  await writeFile(join(bin, 'gramine-sgx-sign'), `${script}\n`)
  await chmod(join(bin, 'gramine-sgx-sign'), 0o755)
  return bin
}

describe('gramine target (action)', () => {
  it('reproduces vector g1 from the built binary, with the commit date', async () => {
    const { ctx } = await setup()
    const target = createGramineTarget({ exec, env: { PATH: '' } })
    const r = await target.run(ctx, await options())
    const e = expected(G1)
    expect(r.outputs.mrenclave).toBe(e.mrenclave)
    expect(r.outputs.mrsigner).toBe(e.mrsigner)
    expect(r.outputs.debug).toBe('true')
    expect(r.outputs.isvprodid).toBe('0')
    expect(await readFile(r.outputs.sig)).toEqual(
      await readFile(vectorFile(G1, '.sig'))
    )
    expect(await readFile(r.outputs['manifest-sgx'])).toEqual(
      await readFile(vectorFile(G1, '.manifest.sgx'))
    )
    expect(r.measurements[0]).toEqual({
      name: 'MRENCLAVE',
      algorithm: 'sha256',
      value: e.mrenclave,
      lookupDigest: e.mrenclave
    })
    expect(r.pinned[0].sha256).toBe(
      '695cdbbe560a3f678e30228e1ebd13aeb13a989987d125ee06bc7064af5a3da8'
    )
    expect(r.parameters.crossCheckedWith).toBeNull()
  })

  it('passes the cross-check when gramine-sgx-sign agrees, giving it a 0600 key file', async () => {
    const { ctx, dir } = await setup()
    const bin = await fakeTool(dir)
    const env = {
      PATH: `${bin}:/usr/bin:/bin`,
      FAKE_SIG: vectorFile(G1, '.sig'),
      FAKE_LOG: join(dir, 'mode')
    }
    const r = await createGramineTarget({ exec, env }).run(ctx, await options())
    expect(r.parameters.crossCheckedWith).toBe(join(bin, 'gramine-sgx-sign'))
    expect((await readFile(join(dir, 'mode'), 'utf8')).trim()).toBe('600')
  })

  it('fails with MEASUREMENT_MISMATCH when gramine-sgx-sign writes another MRENCLAVE', async () => {
    const { ctx, dir } = await setup()
    const bin = await fakeTool(dir)
    const env = {
      PATH: `${bin}:/usr/bin:/bin`,
      FAKE_SIG: vectorFile('g2-go-1G-t16-release', '.sig'),
      FAKE_LOG: join(dir, 'mode')
    }
    const target = createGramineTarget({ exec, env })
    expect(await codeOf(async () => target.run(ctx, await options()))).toBe(
      'MEASUREMENT_MISMATCH'
    )
  })

  it('warns when the manifest contains the workspace path, and without a key', async () => {
    const { ctx, warnings } = await setup()
    const env = { PATH: '', GITHUB_WORKSPACE: '/home/runner/work/app' }
    const target = createGramineTarget({ exec, env })
    const r = await target.run(
      ctx,
      await options({
        'gramine-vars': 'log_level=/home/runner/work/app/x',
        'signing-key': ''
      })
    )
    expect(warnings.join('\n')).toContain('/home/runner/work/app')
    expect(warnings.join('\n')).toContain('throw-away key')
    expect(r.outputs.mrsigner).not.toBe(expected(G1).mrsigner)
  })

  it('refuses a bad key, a missing template and a relative binary path with coded errors', async () => {
    const { ctx } = await setup()
    const target = createGramineTarget({ exec, env: { PATH: '' } })
    expect(
      await codeOf(async () =>
        target.run(ctx, await options({ 'signing-key': 'not a key' }))
      )
    ).toBe('KEY_INVALID')
    expect(
      await codeOf(async () =>
        target.run(ctx, await options({ 'manifest-template': '/nope' }))
      )
    ).toBe('FILE_NOT_FOUND')
    expect(
      await codeOf(async () =>
        // past the schema (which refuses it too), the target still does
        target.run(ctx, {
          ...(await options()),
          'gramine-binary-path': 'app/x'
        })
      )
    ).toBe('INPUT_INVALID')
  })

  it('parses gramine-vars lines and the commit date in UTC', () => {
    expect(parseVars('a=1\n\n# c\r\n b \n')).toEqual(['a=1', 'b'])
    expect(commitDate(new Date('2026-01-15T23:30:00-05:00'))).toBe('2026-01-16')
  })
})
