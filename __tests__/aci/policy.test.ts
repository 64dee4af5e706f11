import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { acePolicy } from '../../src/targets/aci/policy.js'

const SAMPLE = readFileSync(
  '__fixtures__/aci/confcom/policy_infrastructure_svn.rego',
  'utf8'
)

describe('aci policy text in the shape az confcom acipolicygen writes', () => {
  // the inputs of confcom's helloworld sample, read from its own policy
  const containers = JSON.parse(
    /^containers := (.*)$/m.exec(SAMPLE)?.[1] ?? '[]'
  ) as {
    command: string[]
    env_rules: { pattern: string; strategy: string }[]
    id: string
    layers: string[]
    working_dir: string
  }[]
  const hello = containers[0]
  const env = hello.env_rules
    .filter((r) => r.strategy === 'string' && r.pattern !== 'TERM=xterm')
    .map((r) => r.pattern)

  it('reproduces the confcom sample byte for byte from the same image facts', () => {
    const { text, hostData } = acePolicy({
      id: hello.id,
      layers: hello.layers,
      minimumSvn: '99',
      config: {
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: hello.command, Env: env, WorkingDir: hello.working_dir },
        rootfs: { type: 'layers', diff_ids: [] }
      }
    })
    expect(text).toBe(SAMPLE)
    // HOST_DATA is SHA-256 of the policy text (Confidential_ACI_SCHEME.md); sha256sum of the sample
    expect(hostData).toBe(
      'c7eaa835375d9243dd49a2e05489e13ea4f2dfe56369a89ca3c2e66bd97ea7c4'
    )
    expect(hostData).toBe(createHash('sha256').update(SAMPLE).digest('hex'))
  })
})

const ORACLE = process.env.HCSSHIM_ROOTHASH

/** An image `oci image` writes, its policy, and the layer tar inside it. */
async function imageAndPolicy(): Promise<{
  work: string
  layerTar: string
  r: { hostData: string; layers: string[] }
}> {
  const { mkdtempSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const { gunzipSync } = await import('node:zlib')
  const { cli } = await import('../../src/cli/main.js')
  const work = mkdtempSync(join(tmpdir(), 'eb-aci-pol-'))
  const elf = Buffer.alloc(5000, 1)
  elf.fill(0, 0, 64)
  elf.write('\x7fELF\x02\x01\x01', 0, 'latin1')
  elf.writeUInt16LE(62, 18)
  writeFileSync(join(work, 'server'), elf)
  const io = {
    out: '',
    err: '',
    cwd: work,
    env: {},
    stdout: (t: string): void => {
      io.out += t
    },
    stderr: (t: string): void => {
      io.err += t
    }
  }
  const run = async (args: string[]): Promise<unknown> => {
    io.out = ''
    const code = await cli([...args, '--json'], io)
    if (code !== 0) throw new Error(io.err)
    return JSON.parse(io.out)
  }
  const img = (await run([
    'oci',
    'image',
    '--binary',
    'server',
    '--output',
    'img',
    '--compression',
    'gzip'
  ])) as { layers: string[] }
  const r = (await run([
    'aci',
    'policy',
    '--image',
    'img',
    '--output',
    'p.rego'
  ])) as { hostData: string; layers: string[] }
  const layerTar = join(work, 'layer.tar')
  writeFileSync(
    layerTar,
    gunzipSync(
      readFileSync(join(work, 'img', 'blobs', 'sha256', img.layers[0].slice(7)))
    )
  )
  return { work, layerTar, r }
}

describe('aci policy --image on an image `oci image` wrote', () => {
  it('hostData is SHA-256 of the file written; its one layer is listed', async () => {
    const { work, r } = await imageAndPolicy()
    const text = readFileSync(`${work}/p.rego`)
    expect(r.hostData).toBe(createHash('sha256').update(text).digest('hex'))
    expect(r.layers).toHaveLength(1)
    expect(text.toString()).toContain(`"layers":["${r.layers[0]}"]`)
  })
})

;(ORACLE ? describe : describe.skip)(
  'aci policy layer roots equal hcsshim on our own layer (needs HCSSHIM_ROOTHASH from .ci/hcsshim.sh)',
  () => {
    it('the policy lists the root hcsshim computes for the image layer', async () => {
      const { spawnSync } = await import('node:child_process')
      const { layerTar, r } = await imageAndPolicy()
      const o = spawnSync(ORACLE as string, [layerTar], { encoding: 'utf8' })
      expect(o.stdout.trim().split(' ')[1]).toBe(r.layers[0])
    })
  }
)
