// I/O failures get their own codes naming the path and the cause; INTERNAL
// is for bugs. Through the bundled command line and
// action where the machine allows, through fileError for the rest.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileError } from '../../src/util/fs.js'

const cliPath = resolve('dist/cli/index.js')
const actionPath = resolve('dist/main/index.js')
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eb-io-'))
  writeFileSync(join(dir, 'afile'), 'x')
  writeFileSync(join(dir, 'init'), 'an init binary')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    timeout: 30_000
  })
  return { code: r.status, err: r.stderr }
}

const initrd = (output: string) =>
  cli('snp', 'initrd', '--init', join(dir, 'init'), '--output', output)

// /sys is read-only for everyone here, root included; where it is not, the
// permission test cannot be made to fail and is skipped by name.
function probeSysWritable(): boolean {
  try {
    accessSync('/sys', constants.W_OK)
    writeFileSync('/sys/.eb-probe', '')
    return true
  } catch {
    return false
  }
}
const sysWritable = probeSysWritable()

describe('writing outputs', () => {
  it('a file where a directory should be: the cause, not a clean-up error', () => {
    for (const r of [
      initrd(join(dir, 'afile', 'i.cpio')),
      cli('sgx', 'gen-key', '--output', join(dir, 'afile', 'k.pem'))
    ]) {
      expect(r.err).toMatch(
        /^error\[FILE_NOT_FOUND\]: cannot write the output .*afile\/(i\.cpio|k\.pem): a part of its path is a file/
      )
      expect(r.err).not.toMatch(/lstat|\.tmp/)
    }
  })

  it('a FIFO or a directory at the output path is not replaced', () => {
    const fifo = join(dir, 'out.fifo')
    execFileSync('mkfifo', [fifo])
    const r = initrd(fifo)
    expect(r.err).toMatch(
      /^error\[FILE_NOT_REGULAR\]: .*out\.fifo exists and is not a regular file/
    )
    expect(lstatSync(fifo).isFIFO()).toBe(true)
    const sub = join(dir, 'sub')
    mkdirSync(sub)
    expect(initrd(sub).err).toMatch(
      /^error\[FILE_NOT_REGULAR\]: .*sub exists and is a directory/
    )
    expect(lstatSync(sub).isDirectory()).toBe(true)
  })

  ;(sysWritable ? describe.skip : describe)(
    `a directory that cannot be written${sysWritable ? ' (needs a read-only /sys; it is writable here)' : ''}`,
    () => {
      it('PERMISSION_DENIED', () => {
        const r = initrd('/sys/i.cpio')
        expect(r.err).toMatch(
          /^error\[PERMISSION_DENIED\]: cannot write the output \/sys\/i\.cpio: permission denied/
        )
      })
    }
  )

  it('the action: output-directory that is a file', () => {
    const r = spawnSync(process.execPath, [actionPath], {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        GITHUB_WORKSPACE: dir,
        'INPUT_OUTPUT-DIRECTORY': join(dir, 'afile'),
        INPUT_CACHE: 'false'
      }
    })
    expect(r.stdout).toMatch(
      /::error::\[FILE_NOT_REGULAR\] cannot create output-directory .*afile: something else already exists/
    )
    expect(r.status).toBe(1)
  })
})

describe('fileError: each errno its code, naming path and cause', () => {
  const sys = (code: string) =>
    Object.assign(new Error(`${code}: failed, open 'x'`), {
      code,
      syscall: 'open'
    })
  it.each([
    ['ENOSPC', 'NO_SPACE', /the disk is full/],
    ['EDQUOT', 'NO_SPACE', /the disk is full/],
    ['EROFS', 'PERMISSION_DENIED', /permission denied/],
    ['EACCES', 'PERMISSION_DENIED', /permission denied/],
    ['EEXIST', 'FILE_NOT_REGULAR', /already exists/],
    ['ENOTDIR', 'FILE_NOT_FOUND', /a part of its path is a file/],
    ['EIO', 'IO_ERROR', /EIO/]
  ])('%s is %s', (errno, code, message) => {
    const e = fileError(sys(errno), '/out/app.eif', 'the output', 'write')
    expect(e.code).toBe(code)
    expect(e.message).toContain('/out/app.eif')
    expect(e.message).toMatch(message)
  })
})

// A result that cannot reach standard output is a failure with its code on
// one line, not a stack trace (nor, for a closed descriptor, a silent 0).
;(existsSync('/dev/full') ? describe : describe.skip)(
  `standard output that cannot take the result${existsSync('/dev/full') ? '' : ' (needs /dev/full)'}`,
  () => {
    it.each([
      [
        'a JSON result',
        [
          'coco',
          'initdata-digest',
          '__fixtures__/vectors/coco/caa-initdata.toml',
          '--json'
        ]
      ],
      ['the usage', ['--help']]
    ])('%s written to a full device is NO_SPACE, exit 1', (_what, args) => {
      const full = openSync('/dev/full', 'w')
      try {
        const r = spawnSync(process.execPath, [cliPath, ...args], {
          encoding: 'utf8',
          stdio: ['ignore', full, 'pipe'],
          timeout: 30_000
        })
        expect(r.status).toBe(1)
        expect(r.stderr).toMatch(
          /^error\[NO_SPACE\]: cannot write to standard output[^\n]*\n$/
        )
      } finally {
        closeSync(full)
      }
    })
  }
)
