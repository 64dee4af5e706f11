import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readCpioRecords } from '../../src/archive/cpio.js'
import type { BuildRecord } from '../../src/model/build-record.js'
import { gitBlobId, loadBlob } from '../../src/targets/nitro/blobs.js'
import { readEif } from '../../src/targets/nitro/eif-reader.js'
import { nitroOptions } from '../../src/targets/nitro/options.js'
import {
  bootstrapRamdisk,
  customerRamdisk,
  LINUXKIT_MTIME
} from '../../src/targets/nitro/ramdisk.js'
import { lines, nitroTarget } from '../../src/targets/nitro/target.js'
import { warmUpTarget } from '../../src/targets/index.js'
import { noExec } from '../../__fixtures__/no-exec.js'
import type { TargetContext } from '../../src/targets/target.js'
import {
  digestWorkerReady,
  stopDigestWorker,
  warmDigestWorker
} from '../../src/util/digest-worker.js'

const root = join(import.meta.dirname, '../../__fixtures__/vectors/nitro')
const inputPath = (name: string): string => join(root, 'inputs', name)
const input = (name: string): Buffer => readFileSync(inputPath(name))
const d5 = JSON.parse(
  readFileSync(join(root, 'd5-cpio/expected.json'), 'utf8')
) as { cmdline: string; Measurements: Record<string, string> }

describe('ramdisks', () => {
  it('customer ramdisk from the Go binary = dev-customer.cpio', () => {
    const rd = customerRamdisk({ binary: input('app-standin.bin'), mtime: 1 })
    expect(Buffer.from(rd)).toEqual(input('dev-customer.cpio'))
  })

  it('bootstrap ramdisk (reference layout) = dev-bootstrap.cpio', () => {
    const rd = bootstrapRamdisk({
      init: input('init-standin.bin'),
      nsm: input('nsm-standin.ko'),
      layout: 'reference',
      mtime: 1
    })
    expect(Buffer.from(rd)).toEqual(input('dev-bootstrap.cpio'))
  })

  it('bootstrap ramdisk (linuxkit layout) uses gocpio conventions', () => {
    const rd = bootstrapRamdisk({
      init: input('init-standin.bin'),
      nsm: input('nsm-standin.ko'),
      layout: 'linuxkit',
      mtime: 1
    })
    const recs = readCpioRecords(rd)
    expect(recs.map((r) => [r.path, r.ino, r.mtime, r.devMajor])).toEqual([
      ['dev', 721, LINUXKIT_MTIME, 3],
      ['init', 722, LINUXKIT_MTIME, 3],
      ['nsm.ko', 723, LINUXKIT_MTIME, 3]
    ])
  })

  it('cmd and env are written one element per line', () => {
    const rd = customerRamdisk({
      binary: Uint8Array.of(1),
      binaryName: 'server',
      cmd: ['/server', '--port', '8000'],
      env: ['A=1', 'B=two words'],
      mtime: 7
    })
    const recs = readCpioRecords(rd)
    const file = (p: string): string =>
      Buffer.from(recs.find((r) => r.path === p)?.data ?? []).toString()
    expect(file('cmd')).toBe('/server\n--port\n8000\n')
    expect(file('env')).toBe('A=1\nB=two words\n')
    expect(recs.map((r) => r.path)).toContain('rootfs/server')
    expect(() =>
      customerRamdisk({ binary: Uint8Array.of(), cmd: ['a\nb'], mtime: 0 })
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
    expect(() =>
      customerRamdisk({ binary: Uint8Array.of(), binaryName: '../x', mtime: 0 })
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
  })
})

describe('blobs', () => {
  it('pins by sha256 or git blob id', async () => {
    const p = inputPath('nsm-standin.ko')
    const b = await loadBlob('nsm.ko', p)
    expect(b.gitBlobId).toBe(gitBlobId(input('nsm-standin.ko')))
    await expect(
      loadBlob('nsm.ko', p, b.sha256.toUpperCase())
    ).resolves.toBeTruthy()
    await expect(loadBlob('nsm.ko', p, b.gitBlobId)).resolves.toBeTruthy()
    await expect(loadBlob('nsm.ko', p, '0'.repeat(64))).rejects.toMatchObject({
      code: 'PIN_MISMATCH'
    })
    await expect(loadBlob('nsm.ko', p, 'xyz')).rejects.toMatchObject({
      code: 'INPUT_INVALID'
    })
    await expect(loadBlob('nsm.ko', `${p}.missing`)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND'
    })
  })

  it('computes the ids `git hash-object` prints', () => {
    expect(gitBlobId(new Uint8Array(0))).toBe(
      'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
    )
    expect(gitBlobId(input('nsm-standin.ko'))).toBe(
      'e2bc476761ed3ca1c09d89c0005f85fb7abcbe42'
    )
  })
})

function context(dir: string, commitTime: Date): TargetContext {
  const binaryPath = join(dir, 'app')
  writeFileSync(binaryPath, input('app-standin.bin'))
  const build = {
    goarch: 'amd64',
    source: { commit: 'c0ffee', commitTime: commitTime.toISOString() }
  } as unknown as BuildRecord
  const logs: string[] = []
  return {
    build,
    binaryPath,
    outDir: dir,
    commitTime,
    exec: noExec,
    env: {},
    log: (m) => logs.push(m),
    warn: (m) => logs.push(`warn: ${m}`)
  }
}

describe('nitro target', () => {
  afterAll(stopDigestWorker)

  it.each(['cold', 'warm'])(
    'reproduces vector d5 end to end from the Go binary (digest worker %s)',
    async (mode) => {
      if (mode === 'warm') {
        // as the action does before the Go build; other targets start nothing
        await warmUpTarget('gramine')
        expect(digestWorkerReady()).toBe(false)
        await warmUpTarget('nitro')
        await warmDigestWorker()
        expect(digestWorkerReady()).toBe(true)
      }
      const dir = mkdtempSync(join(tmpdir(), 'nitro-target-'))
      writeFileSync(join(dir, 'cmdline'), `${d5.cmdline}\n`)
      const options = nitroOptions.parse({
        'nitro-kernel': inputPath('kernel-odd.bin'),
        'nitro-init': inputPath('init-standin.bin'),
        'nitro-nsm': inputPath('nsm-standin.ko'),
        'nitro-nsm-sha256': gitBlobId(input('nsm-standin.ko')),
        'nitro-cmdline': join(dir, 'cmdline'),
        'nitro-bootstrap-layout': 'reference'
      })
      // the customer ramdisk's mtime is the commit time: 1 s after the epoch
      const ctx = context(dir, new Date(1000))
      const result = await nitroTarget.run(ctx, options)
      expect(result.outputs.pcr0).toBe(d5.Measurements.PCR0)
      expect(result.outputs.pcr1).toBe(d5.Measurements.PCR1)
      expect(result.outputs.pcr2).toBe(d5.Measurements.PCR2)
      expect(result.outputs.pcr8).toBe('')
      const info = readEif(readFileSync(result.outputs.eif))
      expect(info.pcrs).toEqual(d5.Measurements)
      expect(info.metadata?.BuildMetadata).toMatchObject({
        BuildTime: '1970-01-01T00:00:01+00:00',
        BuildTool: 'enclave-build'
      })
      expect(result.measurements.map((m) => m.name)).toEqual([
        'PCR0',
        'PCR1',
        'PCR2'
      ])
      expect(result.pinned.map((p) => p.name)).toEqual([
        'kernel',
        'init',
        'nsm.ko',
        'cmdline'
      ])
    }
  )

  it('signs with PEM texts, never leaves key files, and is reproducible', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nitro-target-'))
    const options = nitroOptions.parse({
      'nitro-kernel': inputPath('kernel-tiny.bin'),
      'nitro-init': inputPath('init-standin.bin'),
      'nitro-nsm': inputPath('nsm-standin.ko'),
      'nitro-cmdline': inputPath('ramdisk-b.bin'),
      'nitro-signing-certificate': input('signer1-cert.pem').toString(),
      'nitro-signing-key': input('signer1-key.pem').toString(),
      'nitro-eif-name': 'signed.eif'
    })
    const ctx = context(dir, new Date('2025-03-04T05:06:07Z'))
    const a = await nitroTarget.run(ctx, options)
    expect(a.outputs.pcr8).toBe(
      '7506aa400d4c528b281b86fd82ebd82fab10bfa12289fcbc927775337b90beeb78fd40191970ba61e2940353b3a0ef47'
    )
    const info = readEif(readFileSync(a.outputs.eif))
    expect(info.signatureOk).toBe(true)
    const b = await nitroTarget.run(ctx, options)
    expect(b.outputs.pcr0).toBe(a.outputs.pcr0)
    expect(b.outputs.pcr2).toBe(a.outputs.pcr2)
    expect(
      JSON.stringify(a).includes('PRIVATE KEY') ||
        JSON.stringify(b).includes('PRIVATE KEY')
    ).toBe(false)
  })

  it('reads cmd and env inputs one element per line', () => {
    expect(lines('/app\r\n--flag\n\n  \nvalue with spaces\n')).toEqual([
      '/app',
      '--flag',
      'value with spaces'
    ])
  })

  it('refuses half a signing pair and unknown architectures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nitro-target-'))
    const base = {
      'nitro-kernel': inputPath('kernel-tiny.bin'),
      'nitro-init': inputPath('init-standin.bin'),
      'nitro-nsm': inputPath('nsm-standin.ko'),
      'nitro-cmdline': inputPath('ramdisk-b.bin')
    }
    const ctx = context(dir, new Date(0))
    await expect(
      nitroTarget.run(
        ctx,
        nitroOptions.parse({ ...base, 'nitro-signing-key': 'x' })
      )
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    const riscv = { ...ctx, build: { ...ctx.build, goarch: 'riscv64' } }
    await expect(
      nitroTarget.run(riscv, nitroOptions.parse(base))
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
  })
})
