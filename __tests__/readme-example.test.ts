import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from '@jest/globals'

/**
 * The README's first command, as a newcomer types it, in a fresh clone:
 * the clone URL is replaced by this repository (its committed HEAD), and
 * ENCLAVE_BUILD_NODE lends the Node 24 already installed so nothing is
 * downloaded twice; npm ci and the example itself run for real. Slow (a
 * minute unloaded, several on a busy machine): it runs when
 * EXAMPLE_CLONE_TEST=1, which .ci/run sets.
 */

const root = join(import.meta.dirname, '..')
const readme = readFileSync(join(root, 'README.md'), 'utf8')

/** The lines of the first ```sh block of the Quick start, comments removed. */
function quickStart(): string[] {
  const section = readme.slice(readme.indexOf('## Quick start'))
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '')
}

describe('README quick start', () => {
  it('starts with the clone, then one command for the example, and one for the tests', () => {
    const lines = quickStart()
    expect(lines[0]).toMatch(/^git clone \S+ && cd enclave-build$/)
    expect(lines[1]).toBe('bash scripts/example.sh')
    const section = readme.slice(readme.indexOf('## Quick start'))
    expect(section).toContain('bash scripts/test.sh')
    expect(section).not.toMatch(/^source /m)
  })

  const run = process.env.EXAMPLE_CLONE_TEST === '1'
  const title = `in a fresh clone${run ? '' : ' (needs EXAMPLE_CLONE_TEST=1, which .ci/run sets)'}`
  ;(run ? describe : describe.skip)(title, () => {
    it(
      'its first command runs the example',
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'readme-clone-'))
        try {
          const [clone, example] = quickStart()
          const local = clone.replace(
            /^git clone \S+/,
            `git clone -q ${root} enclave-build`
          )
          const script = `set -e\n${local}\n${example}\n`
          const started = Date.now()
          const r = spawnSync('bash', ['-c', script], {
            cwd: dir,
            encoding: 'utf8',
            env: {
              ...process.env,
              GITHUB_ACTIONS: '',
              ENCLAVE_BUILD_NODE: dirname(process.execPath)
            },
            timeout: 20 * 60_000
          })
          console.log(
            `README example in a fresh clone: ${Math.round((Date.now() - started) / 1000)} s\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`
          )
          expect(r.stderr).not.toMatch(/FAILED|error\[/)
          expect(r.status).toBe(0)
          expect(r.stdout).toContain(
            '5 targets built, measured, attested and verified'
          )
          expect(r.stdout).not.toContain('::')
          const out = join(dir, 'enclave-build', 'out', 'example')
          for (const f of [
            'gramine/hello.manifest.sgx',
            'nitro/enclave.eif',
            'snp/initrd.cpio',
            'tdx/initrd.cpio',
            'oci/oci-image/index.json',
            'oci/initdata.toml',
            'attestation.pub'
          ])
            expect(existsSync(join(out, f))).toBe(true)
          // What it printed as the verify command works as printed.
          const again = /verify one again: {2}(.*)$/m.exec(r.stdout)?.[1] ?? ''
          expect(again).toContain('verify --measurement')
          execFileSync('bash', ['-c', again], {
            cwd: join(dir, 'enclave-build'),
            stdio: 'ignore'
          })
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      },
      25 * 60_000
    )
  })
})
