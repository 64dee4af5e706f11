/**
 * ldd() when a DT_NEEDED library is missing from the root, on a real ELF
 * (the host's /bin/ls and the libraries the host's ldd lists for it,
 * copied into a temporary root with one library left out).
 *
 * The reference is glibc's loader in trace mode inside that root: what ldd
 * runs (LD_TRACE_LOADED_OBJECTS=1), so what gramine-manifest's ldd() reads.
 * It prints "name => not found" and exits 0, and gramine-manifest's
 * parse_ldd (python/graminelibos/gen_jinja_env.py, Gramine v1.9) keeps only
 * the lines with a path, so Gramine drops the library without a word. Ours
 * refuses by default, naming the library; with the opt-out it must give
 * exactly parse_ldd's list.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { lddInChroot, lddScan } from '../../src/targets/cgo/ldd.js'
import { renderTemplate } from '../../src/targets/gramine/template.js'
import { capture, tempDir } from './helpers.js'

const BIN = '/bin/ls'

/** The host ldd's paths for a binary ([] when there is no ldd or no such binary). */
function hostLdd(binary: string): string[] {
  const r = spawnSync('ldd', [binary], { encoding: 'utf8' })
  if (r.status !== 0) return []
  return [...r.stdout.matchAll(/(?:=> )?(\/\S+) \(0x/g)].map((m) => m[1])
}

/**
 * gramine-manifest's parse_ldd, line for line (gen_jinja_env.py lines
 * 11-29 at v1.9): a header "file:" is skipped, "name => /path (...)" and
 * "/path (...)" give the path, anything else ("=> not found", vdso) none.
 */
function parseLdd(output: string): string[] {
  const ret = new Set<string>()
  for (const raw of output.replace(/\n+$/, '').split('\n')) {
    const line = raw.trim().split(/\s+/)
    if (line.length === 1 && line[0].endsWith(':')) continue
    if (line[1] === '=>' && line[2].startsWith('/')) ret.add(line[2])
    else if (line[0].startsWith('/') && line[1].startsWith('/'))
      ret.add(line[0])
  }
  return [...ret].sort()
}

const paths = existsSync(BIN) ? hostLdd(BIN) : []
/** The loader: the one path ldd prints without "=>". */
const LOADER = paths.find((p) => /\/ld-linux[^/]*\.so/.test(p))
/** Libraries we can leave out: everything but the loader and libc. */
const OMITTABLE = paths.filter((p) => p !== LOADER && !/\/libc\.so\./.test(p))
const CAN_CHROOT =
  process.getuid?.() === 0 && spawnSync('chroot', ['/', 'true']).status === 0
const READY = LOADER !== undefined && OMITTABLE.length > 0
const why = READY
  ? ''
  : ` (skipped: needs ldd and a ${BIN} with a library besides libc)`

/** A root with BIN and its libraries at the host's paths, minus `omit`. */
function makeRoot(dir: string, omit: string): string {
  const root = join(dir, omit.replace(/\W/g, '_'))
  for (const p of [BIN, ...paths.filter((x) => x !== omit)]) {
    mkdirSync(join(root, dirname(p)), { recursive: true })
    copyFileSync(p, join(root, p))
  }
  return root
}

/** The loader in trace mode inside the root (env from the host's, copied in). */
function traceInRoot(root: string): string {
  const env = execFileSync('sh', ['-c', 'command -v env'], {
    encoding: 'utf8'
  }).trim()
  mkdirSync(join(root, dirname(env)), { recursive: true })
  copyFileSync(env, join(root, env))
  // env itself needs only libc and the loader, which the root has.
  return execFileSync(
    'chroot',
    [root, env, '-i', 'LD_TRACE_LOADED_OBJECTS=1', BIN],
    { encoding: 'utf8' }
  )
}

let dir = ''
beforeAll(async () => {
  dir = await tempDir()
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const maybe = READY ? describe : describe.skip
maybe(`ldd() with a library missing from the root${why}`, () => {
  it.each(OMITTABLE.map((p) => [p]))(
    'without %s: an error naming it, the object that needs it and the directories searched',
    (omit) => {
      const root = makeRoot(dir, omit)
      const name = omit.split('/').pop() as string
      let err: unknown
      try {
        lddInChroot(root, [BIN])
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(EnclaveBuildError)
      const e = err as EnclaveBuildError
      expect(e.code).toBe('FILE_NOT_FOUND')
      expect(e.message).toContain(`${name}, needed by `)
      expect(e.message).toContain(BIN)
      expect(e.message).toContain(dirname(omit))
      expect(e.message).toContain('/usr/lib/x86_64-linux-gnu')
      expect(e.message).toContain(root)
      // The template names the opt-out.
      let tErr: unknown
      try {
        renderTemplate(`{{ ldd("${BIN}") }}`, { variables: {}, chroot: root })
      } catch (x) {
        tErr = x
      }
      expect((tErr as EnclaveBuildError).code).toBe('FILE_NOT_FOUND')
      expect((tErr as EnclaveBuildError).message).toMatch(
        new RegExp(`${name.replace(/\./g, '\\.')},.*--ldd-skip-missing`)
      )
    }
  )

  const withChroot = CAN_CHROOT ? describe : describe.skip
  withChroot(
    `against glibc's loader in the root${CAN_CHROOT ? '' : ' (skipped: needs root to chroot)'}`,
    () => {
      it.each(OMITTABLE.map((p) => [p]))(
        `without %s: the opt-out gives parse_ldd's list of the real loader's trace in the root, and "not found" names what we miss`,
        (omit) => {
          const root = makeRoot(dir, omit)
          const trace = traceInRoot(root)
          const notFound = [...trace.matchAll(/^\s*(\S+) => not found$/gm)].map(
            (m) => m[1]
          )
          expect(notFound).toContain(omit.split('/').pop())
          const gramine = parseLdd(trace).filter((p) => p !== LOADER)
          expect(lddInChroot(root, [BIN], { skipMissing: true })).toEqual(
            gramine
          )
          expect(
            lddScan(root, [BIN])
              .missing.map((m) => m.name)
              .sort()
          ).toEqual([...notFound].sort())
          const rendered = renderTemplate(
            `{% for l in ldd("${BIN}") %}{{ l }};{% endfor %}`,
            { variables: {}, chroot: root, lddSkipMissing: true }
          )
          expect(rendered).toBe(gramine.map((p) => `${p};`).join(''))
        }
      )
    }
  )

  it('gramine manifest: refused by default, --ldd-skip-missing renders as gramine-manifest', async () => {
    const omit = OMITTABLE[0]
    const root = makeRoot(dir, omit)
    const template =
      'loader.entrypoint.uri = "file:/bin/ls"\nlibos.entrypoint = "/bin/ls"\n' +
      `sgx.trusted_files = [{% for l in ldd("${BIN}") %}"file:{{ l }}",{% endfor %}]\n`
    const args = ['gramine', 'manifest', '--no-check', '--chroot', root, '-c']
    const io = capture()
    expect(await cli([...args, template], io)).not.toBe(0)
    expect(io.err).toContain(omit.split('/').pop())
    expect(io.err).toContain('--ldd-skip-missing')
    const ok = capture()
    const out = join(dir, 'skip.manifest')
    expect(
      await cli([...args, template, '--ldd-skip-missing', '--output', out], ok)
    ).toBe(0)
    expect(ok.err).toBe('')
    expect(readFileSync(out, 'utf8')).not.toContain(omit)
  })
})
