import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliIO } from '../../src/cli/io.js'
import { cli } from '../../src/cli/main.js'
import type { BuildRecord } from '../../src/model/build-record.js'
import { noExec } from '../../__fixtures__/no-exec.js'
import { readEif } from '../../src/targets/nitro/eif-reader.js'
import {
  BUILD_TOOL,
  BUILD_TOOL_VERSION,
  formatBuildTime
} from '../../src/targets/nitro/metadata.js'
import { nitroOptions } from '../../src/targets/nitro/options.js'
import { nitroTarget } from '../../src/targets/nitro/target.js'
import { NITRO_BLOB_SETS } from '../../src/platform/sources.js'

// `nitro build` from AWS's blobs and a Go binary (no prebuilt ramdisks), and
// `nitro pcr1`, the one-command check of a published PCR1. Stand-in blobs
// here: AWS's kernel is not available to the tests (see docs/nitro.md).

const root = join(import.meta.dirname, '../../__fixtures__/vectors/nitro')
const inputPath = (name: string): string => join(root, 'inputs', name)
const d5 = JSON.parse(
  readFileSync(join(root, 'd5-cpio/expected.json'), 'utf8')
) as { cmdline: string; Measurements: Record<string, string> }

async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: process.cwd(),
    env
  }
  const code = await cli(args, io)
  return { code, out, err }
}

const sha256 = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex')

/** A directory with the Go stand-in as `app` and the cmdline blob. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nitro-blobs-'))
  writeFileSync(join(dir, 'app'), readFileSync(inputPath('app-standin.bin')))
  writeFileSync(join(dir, 'cmdline'), `${d5.cmdline}\n`)
  return dir
}

const blobs = (dir: string): string[] => [
  '--kernel',
  inputPath('kernel-odd.bin'),
  '--cmdline-file',
  join(dir, 'cmdline'),
  '--init',
  inputPath('init-standin.bin'),
  '--nsm',
  inputPath('nsm-standin.ko')
]

describe('nitro build from the blobs and a Go binary', () => {
  it('reproduces vector d5 (bootstrap ramdisk from init + nsm.ko, customer ramdisk from the binary)', async () => {
    const dir = workdir()
    const r = await run([
      'nitro',
      'build',
      ...blobs(dir),
      '--bootstrap-layout',
      'reference',
      '--binary',
      join(dir, 'app'),
      '--mtime',
      '1',
      '--output',
      join(dir, 'd5.eif'),
      '--json'
    ])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const m = (JSON.parse(r.out) as { Measurements: Record<string, string> })
      .Measurements
    expect(m).toEqual({ HashAlgorithm: 'Sha384 { ... }', ...d5.Measurements })
  })

  it.each(['linuxkit', 'reference'] as const)(
    'writes the same bytes as the action target (%s layout, cmd and env)',
    async (layout) => {
      const dir = workdir()
      const commitTime = new Date('2025-03-04T05:06:07Z')
      const options = nitroOptions.parse({
        'nitro-kernel': inputPath('kernel-odd.bin'),
        'nitro-init': inputPath('init-standin.bin'),
        'nitro-nsm': inputPath('nsm-standin.ko'),
        'nitro-cmdline': join(dir, 'cmdline'),
        'nitro-cmd': '/app\n--port\n8000',
        'nitro-env': 'A=1\nB=two words',
        'nitro-bootstrap-layout': layout,
        'nitro-eif-name': 'action.eif'
      })
      const result = await nitroTarget.run(
        {
          build: {
            goarch: 'amd64',
            source: { commit: 'c0ffee' }
          } as unknown as BuildRecord,
          binaryPath: join(dir, 'app'),
          outDir: dir,
          commitTime,
          exec: noExec,
          env: {},
          log: () => undefined,
          warn: () => undefined
        },
        options
      )
      const r = await run([
        'nitro',
        'build',
        ...blobs(dir),
        '--bootstrap-layout',
        layout,
        '--binary',
        join(dir, 'app'),
        '--cmd',
        '/app',
        '--cmd=--port',
        '--cmd',
        '8000',
        '--env',
        'A=1',
        '--env',
        'B=two words',
        '--mtime',
        String(commitTime.getTime() / 1000),
        '--name',
        'action',
        '--version',
        'c0ffee',
        '--build-time',
        formatBuildTime(commitTime),
        '--build-tool',
        BUILD_TOOL,
        '--build-tool-version',
        BUILD_TOOL_VERSION,
        '--output',
        join(dir, 'cli.eif')
      ])
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      expect(sha256(join(dir, 'cli.eif'))).toBe(result.artifacts[0].sha256)
      expect(r.out).toContain(`PCR1  ${result.outputs.pcr1}`)
      // and pcr1 alone gives the same PCR1
      const p = await run([
        'nitro',
        'pcr1',
        ...blobs(dir),
        '--bootstrap-layout',
        layout
      ])
      expect(p).toEqual({ code: 0, out: `${result.outputs.pcr1}\n`, err: '' })
    }
  )

  it('adds --ramdisk files between the bootstrap and the customer ramdisk', async () => {
    const dir = workdir()
    const out = join(dir, 'three.eif')
    const r = await run([
      'nitro',
      'build',
      ...blobs(dir),
      '--ramdisk',
      inputPath('ramdisk-b.bin'),
      '--binary',
      join(dir, 'app'),
      '--output',
      out
    ])
    expect(r.code).toBe(0)
    const info = readEif(readFileSync(out))
    const ramdisks = info.sections.filter((s) => s.type === 'Ramdisk')
    expect(ramdisks.length).toBe(3)
    expect(ramdisks[1].size).toBe(
      readFileSync(inputPath('ramdisk-b.bin')).length
    )
  })

  it('refuses half-given or conflicting inputs, writing nothing', async () => {
    const dir = workdir()
    const out = join(dir, 'never.eif')
    const base = ['nitro', 'build', '--kernel', inputPath('kernel-odd.bin')]
    const cases: [string[], RegExp][] = [
      [
        ['--cmdline', 'x', '--init', inputPath('init-standin.bin')],
        /--init and --nsm go together/
      ],
      [
        [
          '--cmdline',
          'x',
          '--ramdisk',
          inputPath('ramdisk-b.bin'),
          '--cmd',
          '/a'
        ],
        /give --binary too/
      ],
      [
        [
          '--cmdline',
          'x',
          '--cmdline-file',
          join(dir, 'cmdline'),
          '--binary',
          join(dir, 'app')
        ],
        /one of them/
      ],
      [['--binary', join(dir, 'app')], /--cmdline TEXT or --cmdline-file FILE/],
      [['--cmdline', 'x'], /give at least one --ramdisk/],
      [
        ['--cmdline', 'x', '--binary', join(dir, 'app'), '--mtime=-1'],
        /--mtime must be whole seconds/
      ],
      [
        ['--cmdline', 'x', ...blobs(dir).slice(4), '--bootstrap-layout', 'gnu'],
        /--bootstrap-layout must be linuxkit or reference/
      ]
    ]
    for (const [args, message] of cases) {
      const r = await run([...base, ...args, '--output', out])
      expect({ args, code: r.code }).toEqual({ args, code: 2 })
      expect(r.err).toMatch(message)
    }
    writeFileSync(join(dir, 'latin1'), Buffer.from([0x63, 0xe9, 0x0a]))
    const bad = await run([
      ...base,
      '--cmdline-file',
      join(dir, 'latin1'),
      '--binary',
      join(dir, 'app'),
      '--output',
      out
    ])
    expect(bad.err).toMatch(
      /^error\[INPUT_INVALID\]: the cmdline file .* is not UTF-8/
    )
    expect(existsSync(out)).toBe(false)
  })
})

describe('nitro pcr1', () => {
  it('checks a PCR1 with --expect: exit 0 when equal, MEASUREMENT_MISMATCH when not', async () => {
    const dir = workdir()
    const got = await run(['nitro', 'pcr1', ...blobs(dir), '--json'])
    const { PCR1 } = JSON.parse(got.out) as { PCR1: string }
    expect(PCR1).toMatch(/^[0-9a-f]{96}$/)
    const ok = await run([
      'nitro',
      'pcr1',
      ...blobs(dir),
      '--expect',
      PCR1.toUpperCase()
    ])
    expect(ok).toEqual({ code: 0, out: `${PCR1}\n`, err: '' })
    const other = `${PCR1.slice(0, 95)}${PCR1.endsWith('0') ? '1' : '0'}`
    const no = await run(['nitro', 'pcr1', ...blobs(dir), '--expect', other])
    expect(no.code).toBe(1)
    expect(no.out).toBe('')
    expect(no.err).toMatch(
      new RegExp(
        `^error\\[MEASUREMENT_MISMATCH\\]: PCR1 is ${PCR1}, not the expected ${other}`
      )
    )
    // the cmdline given as text (trimmed like nitro-cli) is the same PCR1
    const text = await run([
      'nitro',
      'pcr1',
      '--kernel',
      inputPath('kernel-odd.bin'),
      '--cmdline',
      ` ${d5.cmdline}\n`,
      '--init',
      inputPath('init-standin.bin'),
      '--nsm',
      inputPath('nsm-standin.ko')
    ])
    expect(text.out).toBe(`${PCR1}\n`)
  })

  it('needs both blobs and a well-formed --expect', async () => {
    const dir = workdir()
    const noNsm = await run(['nitro', 'pcr1', ...blobs(dir).slice(0, 6)])
    expect(noNsm.code).toBe(2)
    expect(noNsm.err).toMatch(/--init and --nsm are required/)
    const short = await run([
      'nitro',
      'pcr1',
      ...blobs(dir),
      '--expect',
      '0343b056'
    ])
    expect(short.code).toBe(2)
    expect(short.err).toMatch(/--expect must be a PCR: 96 hex digits/)
  })
})

// With AWS's real x86_64 blobs (no registry reachable here carries them;
// docs/nitro.md says how to get them): a folder must first be the pinned
// blob set (src/platform/sources.ts), so that a PCR1 mismatch cannot come
// from other blobs, then give the PCR1 published for that set.
const realBlobs = (
  env: string,
  set: number,
  pcr1: string,
  what: string,
  origin: string
): void => {
  const dir = process.env[env]
  const have = dir !== undefined && existsSync(join(dir, 'bzImage'))
  ;(have ? describe : describe.skip)(
    `${what}${have ? '' : ` (needs $${env}: ${origin})`}`,
    () => {
      const b = (f: string): string => join(dir as string, f)
      it('are the pinned set', () => {
        for (const blob of NITRO_BLOB_SETS[set].blobs)
          expect([
            blob.name,
            createHash('sha256')
              .update(readFileSync(b(blob.name)))
              .digest('hex')
          ]).toEqual([blob.name, blob.sha256])
      })
      it('give the published PCR1', async () => {
        const r = await run([
          'nitro',
          'pcr1',
          '--kernel',
          b('bzImage'),
          '--cmdline-file',
          b('cmdline'),
          '--init',
          b('init'),
          '--nsm',
          b('nsm.ko'),
          '--expect',
          pcr1
        ])
        expect(r).toEqual({ code: 0, out: `${pcr1}\n`, err: '' })
      })
    }
  )
}

// nitro-cli pins this PCR1 in its own tests/tests.rs at v1.5.0
// (sample_docker_pcrs::KERNEL_PCR, x86_64).
realBlobs(
  'NITRO_BLOBS_X86_64',
  0,
  '0343b056cd8485ca7890ddd833476d78460aed2aa161548e4e26bedf321726696257d623e8805f3f605946b3d8b0c6aa',
  'nitro-cli 1.5.0 x86_64 blobs',
  "AWS's bzImage, cmdline, init, nsm.ko of aws-nitro-enclaves-cli v1.5.0 blobs/x86_64"
)
// A public repository's record of an EIF that nitro-cli 1.4.4 built on
// Amazon Linux 2023 from that package's blobs (code index file id
// 57509036760, which also lists the blobs' sha256); its bootstrap archive
// came from the package's own linuxkit, which may differ from v1.5.0's.
realBlobs(
  'NITRO_BLOBS_AL2023',
  1,
  '4b4d5b3661b3efc12920900c80e126e4ce783c522de6c02a2a5bf7af3a2b9327b86776f188e4be1c1c404a129dbda493',
  'Amazon Linux 2023 aws-nitro-enclaves-cli-devel 1.4.4 blobs',
  '/usr/share/nitro_enclaves/blobs of aws-nitro-enclaves-cli-devel 1.4.4-0.amzn2023'
)
