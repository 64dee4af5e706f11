import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BuildRecord } from '../../src/model/build-record.js'
import { ociOptions } from '../../src/targets/oci/options.js'
import { ociTarget } from '../../src/targets/oci/target.js'
import type { TargetContext } from '../../src/targets/target.js'
import { noExec } from '../../__fixtures__/no-exec.js'

const COCO = '__fixtures__/vectors/coco'
// cloud-api-adaptor provision_test.go testCheckSum: the same three files
// make the same document but for the fixture's double space (see
// __tests__/coco), so the digest is of our bytes, checked independently below
function ctxIn(dir: string, commit: Date): TargetContext {
  const elf = Buffer.alloc(200)
  elf.write('\x7fELF\x02\x01\x01', 0, 'latin1')
  elf.writeUInt16LE(62, 18)
  elf.write('go program', 64)
  writeFileSync(join(dir, 'app'), elf)
  return {
    build: {} as BuildRecord,
    binaryPath: join(dir, 'app'),
    outDir: dir,
    commitTime: commit,
    exec: noExec,
    env: {},
    log: () => undefined,
    warn: () => undefined
  }
}

describe('target oci', () => {
  it('regression: the same commit gives the same image digest in another directory; outputs and measurements', async () => {
    const opts = ociOptions.parse({
      'oci-env': 'A=1\nB=2',
      'oci-labels': 'tee.launch_policy.allow_env_override=B',
      'oci-initdata-files': ['aa.toml', 'cdh.toml', 'policy.rego']
        .map((f) => `${f}=${COCO}/caa-${f}`)
        .join('\n'),
      'oci-aci-policy': 'true'
    })
    const t = new Date('2025-05-06T07:08:09.500Z')
    const a = await ociTarget.run(
      ctxIn(mkdtempSync(join(tmpdir(), 'eb-oci-t-')), t),
      opts
    )
    const b = await ociTarget.run(
      ctxIn(mkdtempSync(join(tmpdir(), 'eb-oci-t-')), t),
      opts
    )
    expect(b.outputs['image-digest']).toBe(a.outputs['image-digest'])
    expect(a.measurements.map((m) => m.name)).toEqual([
      'IMAGE_DIGEST',
      'COCO_INITDATA',
      'MRCONFIGID',
      'ACI_HOST_DATA',
      'HOST_DATA'
    ])
    expect(a.measurements[0].value).toBe(a.outputs['image-digest'].slice(7))
    const doc = readFileSync(
      a.artifacts.find((x) => x.kind === 'coco-initdata')!.path
    )
    expect(a.outputs['initdata-digest']).toBe(
      createHash('sha384').update(doc).digest('hex')
    )
    const policy = readFileSync(
      a.artifacts.find((x) => x.kind === 'aci-policy')!.path
    )
    expect(a.outputs['aci-host-data']).toBe(
      createHash('sha256').update(policy).digest('hex')
    )
    const config = JSON.parse(
      readFileSync(
        join(
          a.outputs['image-layout'],
          'blobs',
          'sha256',
          a.outputs['config-digest'].slice(7)
        ),
        'utf8'
      )
    ) as { created: string; config: { Labels: Record<string, string> } }
    expect(config.created).toBe('2025-05-06T07:08:09Z')
    const expected = JSON.parse(
      readFileSync(
        a.artifacts.find((x) => x.kind === 'cs-expected-claims')!.path,
        'utf8'
      )
    ) as Record<string, unknown>
    expect(expected['submods.container.image_digest']).toBe(
      a.outputs['image-digest']
    )
    expect(expected['submods.container.image_id']).toBe(
      a.outputs['config-digest']
    )
    expect(expected.launch_policy).toEqual({
      'tee.launch_policy.allow_env_override': 'B'
    })
    expect(config.config.Labels).toEqual({
      'tee.launch_policy.allow_env_override': 'B'
    })
  })

  it('refuses malformed K=V inputs', () => {
    expect(() => ociOptions.parse({ 'oci-env': 'novalue' })).toThrow(/K=V/)
  })
})
