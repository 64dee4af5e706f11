// Special and huge files: a FIFO, /dev/zero and a 3 GB
// file given to the bundled command line are refused promptly with coded
// errors; nitro describe reads the EIF header before the rest.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import {
  closeSync,
  mkdtempSync,
  openSync,
  rmSync,
  ftruncateSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const cliPath = resolve('dist/cli/index.js')
let dir: string
let fifo: string
let big: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eb-special-'))
  fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  big = join(dir, 'big') // 3 GB, sparse: no disk used
  const fd = openSync(big, 'w')
  ftruncateSync(fd, 3 * 2 ** 30)
  closeSync(fd)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(args: string[]) {
  const t0 = Date.now()
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL'
  })
  return { ...r, ms: Date.now() - t0 }
}

const commands: [string, (f: string) => string[]][] = [
  ['nitro pcr', (f) => ['nitro', 'pcr', '--input', f]],
  ['nitro describe', (f) => ['nitro', 'describe', '--eif', f]],
  [
    'gramine measure',
    (f) => ['gramine', 'measure', '--manifest-sgx', f, '--libpal', f]
  ],
  [
    'gramine manifest',
    (f) => ['gramine', 'manifest', f, join(dir, 'o.manifest')]
  ],
  ['sgx sigstruct-view', (f) => ['sgx', 'sigstruct-view', f]],
  [
    'snp measure',
    (f) => [
      'snp',
      'measure',
      '--mode',
      'snp',
      '--vcpus',
      '1',
      '--vcpu-type',
      'EPYC-v4',
      '--ovmf',
      f
    ]
  ],
  [
    'verify --evidence',
    (f) => [
      'verify',
      '--evidence',
      f,
      '--evidence-type',
      'nitro',
      '--bundle',
      f
    ]
  ]
]

describe.each([
  ['a FIFO', () => fifo, /error\[FILE_NOT_REGULAR\]/],
  ['/dev/zero', () => '/dev/zero', /error\[FILE_NOT_REGULAR\]/]
])('%s', (_name, file, code) => {
  it.each(commands)('%s refuses it at once', (_cmd, args) => {
    const r = run(args(file()))
    expect(r.signal).toBeNull()
    expect(r.stderr).toMatch(code)
    expect(r.status).not.toBe(0)
    expect(r.ms).toBeLessThan(10_000)
  })
})

describe('a 3 GB file', () => {
  it.each([
    [
      'nitro describe',
      ['nitro', 'describe', '--eif'],
      /error\[EIF_INVALID\]: bad magic/
    ],
    [
      'gramine measure',
      // a regular file: /dev/null, a device, is itself refused now
      [
        'gramine',
        'measure',
        '--libpal',
        resolve('package.json'),
        '--manifest-sgx'
      ],
      /error\[FILE_TOO_LARGE\]/
    ],
    ['gramine manifest', ['gramine', 'manifest'], /error\[FILE_TOO_LARGE\]/],
    [
      'sgx sigstruct-view',
      ['sgx', 'sigstruct-view'],
      /error\[FILE_TOO_LARGE\]/
    ],
    [
      'snp measure --ovmf',
      [
        'snp',
        'measure',
        '--mode',
        'snp',
        '--vcpus',
        '1',
        '--vcpu-type',
        'EPYC-v4',
        '--ovmf'
      ],
      /error\[FILE_TOO_LARGE\]/
    ],
    [
      'verify --evidence',
      ['verify', '--evidence-type', 'nitro', '--evidence'],
      /error\[FILE_TOO_LARGE\]/
    ]
  ])('%s: refused before it is read', (_name, args, code) => {
    const r = run([...args, big])
    expect(r.signal).toBeNull()
    expect(r.stderr).toMatch(code)
    expect(r.stderr).not.toMatch(/INTERNAL|out of range/)
    expect(r.ms).toBeLessThan(5_000)
  })
})
