/**
 * `enclave-build fetch-platform --target T` answers for every target the
 * registry has: its help lists exactly the targets its parser accepts, and
 * a target that measures no file fetch-platform could get (oci, gramine)
 * is told so plainly, exit 0, nothing written; an unknown target is a
 * usage error (exit 2) naming the accepted ones.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { TARGET_NAMES } from '../../src/targets/index.js'

async function run(
  args: string[],
  cwd = process.cwd()
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await cli(['fetch-platform', ...args], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd,
    env: {}
  })
  return { code, out, err }
}

describe('fetch-platform --target', () => {
  it("lists in its help exactly the registry's targets", async () => {
    const { code, out } = await run(['--help'])
    expect(code).toBe(0)
    const listed = /--target (\S+)/.exec(out)?.[1]?.split('|') ?? []
    expect([...listed].sort()).toEqual([...TARGET_NAMES].sort())
  })

  it.each(['oci', 'gramine'])(
    '%s: says plainly that it needs no platform files, exit 0, writes nothing',
    async (target) => {
      const cwd = mkdtempSync(join(tmpdir(), 'eb-fetch-none-'))
      const text = await run(['--target', target], cwd)
      expect(text.code).toBe(0)
      expect(text.err).toBe('')
      expect(text.out).toContain(`target ${target} needs no platform files`)
      expect(existsSync(join(cwd, 'platform'))).toBe(false)

      const json = await run(['--target', target, '--json'], cwd)
      expect(json.code).toBe(0)
      const parsed = JSON.parse(json.out) as { files: unknown[]; note: string }
      expect(parsed.files).toEqual([])
      expect(parsed.note).toContain('needs no platform files')
    }
  )

  it('refuses a target it does not know, naming those it does (exit 2)', async () => {
    const r = await run(['--target', 'sev'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^error\[INPUT_INVALID\]: --target must be /)
    for (const t of TARGET_NAMES) expect(r.err).toContain(t)
  })
})
