/**
 * fetch-platform against Debian's own mirror, as a user runs it: every
 * target with Debian-packaged files is downloaded and checked against its
 * pins, then the UKI target's files are measured and compared with what
 * the reference tools computed from the same Debian files (ukify 257.13's
 * UKI, nitro-tpm-pcr-compute 1.1.2's PCR4/7/12, systemd-measure 257's
 * PCR11; __fixtures__/uki/vectors.json, SOURCE.md). The example
 * workflows' download steps run as written too, and must give the files
 * their own inputs pin. Needs the network, so it runs when
 * FETCH_PLATFORM_NETWORK=1 (.ci/run sets it).
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { PLATFORM_SOURCES } from '../../src/platform/sources.js'
import { fixture, UKI_FIXTURES } from '../../__fixtures__/uki/files.js'

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

interface Vectors {
  builds: {
    name: string
    cmdline: string
    uname: string
    initrd: string
    osRelease: string
    ukifySha256: string
  }[]
  measure: { name: string; images: string[]; PK?: string; expect: unknown }[]
  pcr11: {
    image: string
    phases: string[]
    expect: { sha256: string; sha384: string }
  }[]
}

async function run(
  args: string[],
  cwd: string
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd,
    env: {}
  }
  const code = await cli(args, io)
  return { code, out: out.join(''), err: err.join('') }
}

const online = process.env.FETCH_PLATFORM_NETWORK === '1'
;(online ? describe : describe.skip)(
  `fetch-platform from deb.debian.org${online ? '' : ' (set FETCH_PLATFORM_NETWORK=1; .ci/run does)'}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-fetch-debian-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const platform = join(dir, 'platform')

    it.each(Object.keys(PLATFORM_SOURCES))(
      'fetch-platform --target %s downloads the pinned files',
      async (target) => {
        const r = await run(
          [
            'fetch-platform',
            '--target',
            target,
            '--output',
            platform,
            '--json'
          ],
          dir
        )
        expect(r.err).toBe('')
        expect(r.code).toBe(0)
        const { files } = JSON.parse(r.out) as {
          files: { input: string; path: string; sha256: string }[]
        }
        expect(files.map((f) => f.input)).toEqual(
          PLATFORM_SOURCES[target].map((s) => s.input)
        )
        for (const [i, f] of files.entries()) {
          expect(f.sha256).toBe(PLATFORM_SOURCES[target][i].sha256)
          expect(sha256(readFileSync(f.path))).toBe(f.sha256)
        }
      },
      300_000
    )

    it('the fetched stub and kernel build the UKI ukify 257 builds, with the PCRs the reference tools compute', async () => {
      const vectors = JSON.parse(fixture('vectors.json').toString()) as Vectors
      // the trixie stub and kernel: the two files fetch-platform --target uki pins
      const name = 'uki-257-6.12.efi'
      const b = vectors.builds.find((x) => x.name === name)!
      const build = await run(
        [
          'uki',
          'build',
          '--stub',
          join(platform, 'linuxx64.efi.stub'),
          '--kernel',
          join(platform, 'vmlinuz'),
          '--initrd',
          join(UKI_FIXTURES, b.initrd),
          '--os-release',
          join(UKI_FIXTURES, b.osRelease),
          '--cmdline',
          b.cmdline,
          '--uname',
          b.uname,
          '--output',
          'app.efi',
          '--json'
        ],
        dir
      )
      expect(build.err).toBe('')
      expect(build.code).toBe(0)
      expect(sha256(readFileSync(join(dir, 'app.efi')))).toBe(b.ukifySha256)

      const m = vectors.measure.find(
        (x) => x.images.join() === `built:${name}` && !x.PK
      )!
      const measure = await run(
        ['uki', 'measure', '--image', 'app.efi', '--json'],
        dir
      )
      expect(measure.code).toBe(0)
      expect(JSON.parse(measure.out)).toEqual(m.expect)

      const p = vectors.pcr11.find((x) => x.image === `built:${name}`)!
      const pcr11 = await run(
        [
          'uki',
          'pcr11',
          '--image',
          'app.efi',
          ...p.phases.flatMap((ph) => ['--phase', ph]),
          '--json'
        ],
        dir
      )
      expect(pcr11.code).toBe(0)
      expect(JSON.parse(pcr11.out)).toEqual(p.expect)
    }, 120_000)

    it.each(['snp', 'tdx', 'uki'])(
      "examples/workflows/%s.yml's download step gives the files its inputs pin",
      (target) => {
        const wf = parse(
          readFileSync(
            join(
              import.meta.dirname,
              '../../examples/workflows',
              `${target}.yml`
            ),
            'utf8'
          )
        ) as {
          jobs: Record<
            string,
            {
              steps: {
                name?: string
                run?: string
                with?: Record<string, string>
              }[]
            }
          >
        }
        const steps = Object.values(wf.jobs).flatMap((j) => j.steps)
        const download = steps.find((x) =>
          x.name?.startsWith('Platform files')
        )!
        const inputs = steps.find((x) => x.with?.target === target)!.with!
        // GitHub runs `run:` from the workspace with bash -e
        const ws = join(dir, `workspace-${target}`)
        mkdirSync(ws)
        const r = spawnSync('bash', ['-e', '-c', download.run!], {
          cwd: ws,
          encoding: 'utf8'
        })
        expect(r.stderr).toBe('')
        expect(r.status).toBe(0)
        const files = Object.keys(inputs).filter((k) => `${k}-sha256` in inputs)
        expect(files).toHaveLength(2)
        for (const k of files)
          expect([k, sha256(readFileSync(join(ws, inputs[k])))]).toEqual([
            k,
            inputs[`${k}-sha256`]
          ])
      },
      300_000
    )
  }
)
