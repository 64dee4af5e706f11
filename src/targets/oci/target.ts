import { basename, join, resolve } from 'node:path'
import { readElfHeader } from '../../elf/elf.js'
import { EnclaveBuildError } from '../../errors.js'
import { measurement } from '../../model/measurement.js'
import { readInputFile, sha256Hex, writeFileAtomic } from '../../util/fs.js'
import type { Target, TargetContext, TargetResult } from '../target.js'
import { closurePins, initClosure } from '../cgo/closure.js'
import { buildImage } from './image.js'
import type { OciConfig } from '../image/layout.js'
import { openBase } from './base.js'
import { writeLayout } from './layout-write.js'
import type { OciOptions, OciOutput } from './options.js'
import { actionInputName } from '../../util/input-name.js'

/**
 * The OCI target: the Go binary as a reproducible single-platform image
 * (created = the commit time, so the same commit gives the same digest on
 * any runner), measured as IMAGE_DIGEST; optionally the CoCo initdata
 * (COCO_INITDATA) and the confidential ACI policy (ACI_HOST_DATA) that go
 * with it.
 */

const ARCH: Record<number, string> = { 62: 'amd64', 183: 'arm64' }

function lines(v: string): [string, string][] {
  return v
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
}

async function runOci(
  ctx: TargetContext,
  o: OciOptions
): Promise<TargetResult<OciOutput>> {
  const binary = await readInputFile(ctx.binaryPath, 'the Go binary')
  const architecture = ARCH[readElfHeader(binary).machine]
  if (!architecture)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'the Go binary is neither x86-64 nor arm64'
    )
  const base = await openBase(ctx, o, architecture)
  // a cgo binary's loader and libraries: from cgo-sysroot, or refused on
  // scratch where nothing else brings them (a base image may hold them)
  const sysroot = ctx.cgoSysroot ?? ''
  const closure =
    base === undefined || sysroot !== ''
      ? await initClosure(binary, sysroot, ctx.input ?? actionInputName)
      : []
  const baseLayers = []
  for (const d of base?.image.manifest.layers ?? [])
    baseLayers.push({ descriptor: d, bytes: await base!.image.blob(d) })
  const image = buildImage(
    {
      binary,
      closure: new Map(closure.map((f) => [f.path, f.data])),
      entrypoint:
        o['oci-entrypoint'] !== ''
          ? o['oci-entrypoint']
          : `/app/${basename(ctx.binaryPath)}`,
      env: lines(o['oci-env']).map(([k, v]) => `${k}=${v}`),
      labels: Object.fromEntries(lines(o['oci-labels'])),
      ...(o['oci-user'] !== '' ? { user: o['oci-user'] } : {}),
      created: new Date(Math.floor(ctx.commitTime.getTime() / 1000) * 1000)
        .toISOString()
        .replace('.000Z', 'Z'),
      architecture,
      compression: o['oci-compression'],
      ...(base ? { base: base.image } : {})
    },
    baseLayers
  )
  const layout = join(ctx.outDir, 'oci-image')
  await writeLayout(layout, image)
  // what a Confidential Space token for this image must say (Google's token
  // claims): image_digest for a single-platform push, image_id = the config
  // digest, and the launch policy the launcher enforces from the labels
  const labels = Object.fromEntries(lines(o['oci-labels']))
  const claims = {
    'submods.container.image_digest': image.digest,
    'submods.container.image_id': image.config,
    launch_policy: Object.fromEntries(
      Object.entries(labels).filter(([k]) => k.startsWith('tee.launch_policy.'))
    ),
    note: 'image_digest is the manifest digest when this image is pushed as is; pushed inside an index, the token carries the index digest instead'
  }
  const claimsPath = join(ctx.outDir, 'cs-expected-claims.json')
  await writeFileAtomic(claimsPath, `${JSON.stringify(claims, null, 2)}\n`)
  ctx.log(`OCI image ${image.digest} at ${layout}`)
  const hex = image.digest.slice(7)
  const result: TargetResult<OciOutput> = {
    target: 'oci',
    artifacts: [
      {
        kind: 'oci-manifest',
        path: join(layout, 'blobs', 'sha256', hex),
        sha256: hex
      },
      {
        kind: 'cs-expected-claims',
        path: claimsPath,
        sha256: sha256Hex(`${JSON.stringify(claims, null, 2)}\n`)
      }
    ],
    measurements: [measurement('IMAGE_DIGEST', 'sha256', hex)],
    pinned: [...(base ? [base.pin] : []), ...closurePins(closure, sysroot)],
    outputs: {
      'image-layout': layout,
      'image-digest': image.digest,
      'config-digest': image.config,
      'diff-ids': image.diffIds.join(','),
      'initdata-digest': '',
      'aci-host-data': ''
    },
    parameters: {
      mode: 'oci',
      architecture,
      compression: o['oci-compression'],
      diffIds: image.diffIds,
      config: image.config
    }
  }
  const initFiles = lines(o['oci-initdata-files'])
  if (initFiles.length > 0) {
    const { writeInitdata, initdataDigest } =
      await import('../coco/initdata.js')
    const files = new Map<string, string>()
    for (const [name, path] of initFiles)
      files.set(
        name,
        (
          await readInputFile(resolve(path), `initdata ${name}`, {
            maxBytes: 1 << 20
          })
        ).toString('utf8')
      )
    const doc = writeInitdata(files, o['oci-initdata-algorithm'])
    const path = join(ctx.outDir, 'initdata.toml')
    await writeFileAtomic(path, doc)
    const d = initdataDigest(Buffer.from(doc), o['oci-initdata-algorithm'])
    result.artifacts.push({
      kind: 'coco-initdata',
      path,
      sha256: sha256Hex(doc)
    })
    result.measurements.push(
      measurement('COCO_INITDATA', o['oci-initdata-algorithm'], d.digest),
      // as TDX reports it (MRCONFIGID, 48 bytes) and, unless an ACI policy
      // takes the field, as SEV-SNP reports it (HOST_DATA, 32 bytes)
      measurement('MRCONFIGID', 'sha384', d.tdxMrConfigId)
    )
    if (o['oci-aci-policy'] !== 'true')
      result.measurements.push(
        measurement('HOST_DATA', 'sha256', d.snpHostData)
      )
    result.outputs['initdata-digest'] = d.digest
  }
  if (o['oci-aci-policy'] === 'true') {
    const { layerRootHash } = await import('../aci/layer-hash.js')
    const { acePolicy } = await import('../aci/policy.js')
    const { gunzipSync } = await import('node:zlib')
    const layers = [
      ...baseLayers.map((l) => l.bytes),
      image.blobs.get(image.layers[image.layers.length - 1]) as Buffer
    ].map((b) =>
      layerRootHash(b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b)
    )
    const { text, hostData } = acePolicy({
      id: `@${image.digest}`,
      config: JSON.parse(
        image.blobs.get(image.config)!.toString()
      ) as OciConfig,
      layers
    })
    const path = join(ctx.outDir, 'aci-policy.rego')
    await writeFileAtomic(path, text)
    result.artifacts.push({ kind: 'aci-policy', path, sha256: hostData })
    result.measurements.push(
      measurement('ACI_HOST_DATA', 'sha256', hostData),
      measurement('HOST_DATA', 'sha256', hostData)
    )
    result.outputs['aci-host-data'] = hostData
  }
  return result
}

/** The OCI image target. */
export const ociTarget: Target<OciOptions, OciOutput> = {
  name: 'oci',
  run: runOci
}
