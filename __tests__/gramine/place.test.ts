// gramine-binary-path is checked before anything is written, and the binary
// is placed without leaving the staging root.
import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { BuildRecord } from '../../src/model/build-record.js'
import { gramineOptions } from '../../src/targets/gramine/options.js'
import {
  binaryPathProblem,
  placeBinary
} from '../../src/targets/gramine/place.js'
import { gramineTarget as target } from '../../src/targets/gramine/target.js'
import type { TargetContext } from '../../src/targets/target.js'
import { exec } from '../../src/util/exec.js'
import { codeOf, KEY, ROOTFS, tempDir, vectorFile } from './helpers.js'

async function setup() {
  const dir = await tempDir()
  const binary = join(dir, 'server')
  await writeFile(binary, 'the built binary')
  const ctx: TargetContext = {
    build: {} as BuildRecord,
    binaryPath: binary,
    outDir: join(dir, 'out'),
    commitTime: new Date('2026-01-15T23:30:00Z'),
    exec,
    env: { PATH: '' },
    log: () => undefined,
    warn: () => undefined
  }
  await mkdir(ctx.outDir)
  return { dir, ctx }
}

const parse = async (extra: Record<string, string>) =>
  gramineOptions.parse({
    'manifest-template': vectorFile(
      'g1-go-256M-t4-debug',
      '.manifest.template'
    ),
    'signing-key': await readFile(KEY, 'utf8'),
    'gramine-root': ROOTFS,
    ...extra
  })

describe('gramine-binary-path', () => {
  it('climbing out with .. is PATH_ESCAPES_ROOT and nothing is written outside', async () => {
    const { dir, ctx } = await setup()
    const victim = join(dir, 'victim')
    const depth = '/..'.repeat(ctx.outDir.split('/').length + 2)
    const value = `${depth}${victim}`
    const o = {
      ...(await parse({})),
      'gramine-binary-path': value
    }
    expect(await codeOf(() => target.run(ctx, o))).toBe('PATH_ESCAPES_ROOT')
    expect(existsSync(victim)).toBe(false)
    // nothing staged either: the check came first
    expect(existsSync(join(ctx.outDir, 'gramine-root'))).toBe(false)
  })

  it.each(['/', '//', '/.', '/app/'])(
    '%j is INPUT_INVALID (a file is needed), not INTERNAL',
    async (value) => {
      const { ctx } = await setup()
      const o = { ...(await parse({})), 'gramine-binary-path': value }
      expect(await codeOf(() => target.run(ctx, o))).toBe('INPUT_INVALID')
      expect(existsSync(join(ctx.outDir, 'gramine-root'))).toBe(false)
    }
  )

  it('is refused when the inputs are parsed, before any build', () => {
    for (const value of ['/', 'app/x', '/a/../../x', '/app/'])
      expect(
        gramineOptions.safeParse({
          'manifest-template': 'm',
          'gramine-binary-path': value
        }).success
      ).toBe(false)
    expect(binaryPathProblem('/app/server')).toBeUndefined()
    expect(binaryPathProblem('/./app//server')).toBeUndefined()
  })

  it('a symlink in the staged tree is followed only inside it', async () => {
    const { dir } = await setup()
    const root = join(dir, 'root')
    const outside = join(dir, 'outside')
    await mkdir(root)
    await mkdir(outside)
    await symlink(outside, join(root, 'app'))
    await mkdir(join(root, 'opt'))
    await symlink('/opt', join(root, 'srv'))
    const binary = join(dir, 'server')
    // /app -> a host directory: the absolute target is re-rooted inside the
    // root, where it does not exist, so nothing reaches the host
    expect(await codeOf(() => placeBinary(binary, root, '/app/x'))).toBe(
      'FILE_NOT_FOUND'
    )
    expect(existsSync(join(outside, 'x'))).toBe(false)
    // /srv -> /opt inside the root: followed there
    await placeBinary(binary, root, '/srv/server')
    expect(await readFile(join(root, 'opt', 'server'), 'utf8')).toBe(
      'the built binary'
    )
    // a symlink climbing out is refused
    await symlink('../..', join(root, 'up'))
    expect(await codeOf(() => placeBinary(binary, root, '/up/x'))).toBe(
      'PATH_ESCAPES_ROOT'
    )
    // the file itself a symlink: not written through
    await symlink(join(outside, 'y'), join(root, 'opt', 'y'))
    expect(await codeOf(() => placeBinary(binary, root, '/opt/y'))).toBe(
      'INPUT_INVALID'
    )
    expect(existsSync(join(outside, 'y'))).toBe(false)
    expect(basename(binary)).toBe('server')
  })
})
