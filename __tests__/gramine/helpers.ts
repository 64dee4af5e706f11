import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { CliIO } from '../../src/cli/io.js'
import { EnclaveBuildError, type ErrorCode } from '../../src/errors.js'

/** The vectors copied from shared/vectors/gramine. */
export const VECTORS = resolve('__fixtures__/vectors/gramine')
export const ROOTFS = join(VECTORS, 'rootfs')
export const LIBPAL = join(
  ROOTFS,
  'usr/lib/x86_64-linux-gnu/gramine/sgx/libpal.so'
)
export const KEY = join(VECTORS, 'test-key1.pem')
export const NAMES = [
  'g1-go-256M-t4-debug',
  'g2-go-1G-t16-release',
  'g3-go-4G-t64-attrs',
  'g4-runtime-512M-t8',
  'g5-edmm-t16',
  'g6-handwritten'
]

/** expected.json of a vector. */
export interface Expected {
  defines: string[]
  libpal: string
  key: string
  date: string
  mrenclave: string
  mrsigner: string
  isvprodid: number
  isvsvn: number
  debug: boolean
  sigstruct_view: Record<string, unknown>
}

export function expected(name: string): Expected {
  return JSON.parse(
    readFileSync(join(VECTORS, name, 'expected.json'), 'utf8')
  ) as Expected
}

export function vectorFile(name: string, ext: string): string {
  return join(VECTORS, name, `${name}${ext}`)
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'eb-gramine-test-'))
}

/** A CliIO that records what a command prints. */
export function capture(
  env: NodeJS.ProcessEnv = {}
): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: process.cwd(),
    env,
    stdout: (t: string) => {
      io.out += t
    },
    stderr: (t: string) => {
      io.err += t
    }
  }
  return io
}

/** Runs fn and returns the code of the EnclaveBuildError it throws (or 'NONE'). */
export async function codeOf(
  fn: () => unknown
): Promise<ErrorCode | 'NONE' | 'OTHER'> {
  try {
    await fn()
    return 'NONE'
  } catch (err) {
    return err instanceof EnclaveBuildError ? err.code : 'OTHER'
  }
}
