import { resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { EnclaveBuildError } from '../../errors.js'
import { layerRootHash } from '../../targets/aci/layer-hash.js'
import { readInputFile } from '../../util/fs.js'
import { parse } from '../args.js'
import { printJson, type Command } from '../io.js'

/**
 * `enclave-build aci layer-hash|policy`: what Azure Container Instances'
 * confidential containers measure (dm-verity roots of layers; the CCE
 * policy whose SHA-256 is HOST_DATA).
 */

/** Largest gzip layer inflated in memory (a layer tar, not a disk image). */
const MAX_LAYER_BYTES = 2 ** 31

/** The layer's tar bytes; a gzip layer (as registries store them) is inflated first. */
export function layerTar(bytes: Buffer): Buffer {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes, { maxOutputLength: MAX_LAYER_BYTES })
    } catch (err) {
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `the layer looks gzip-compressed but does not inflate: ${(err as Error).message}`
      )
    }
  }
  return bytes
}

/** `aci layer-hash LAYER.tar`: the layer's dm-verity root hash as hcsshim computes it. */
export const aciLayerHash: Command = async (args, io) => {
  const { values: v, positionals } = parse(
    args,
    { json: { type: 'boolean', default: false } },
    { positionals: 'LAYER.tar' }
  )
  if (positionals.length !== 1)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give exactly one layer tar: enclave-build aci layer-hash LAYER.tar'
    )
  const tar = layerTar(
    await readInputFile(resolve(io.cwd, positionals[0]), 'the layer tar', {
      maxBytes: MAX_LAYER_BYTES
    })
  )
  const rootHash = layerRootHash(tar)
  if (v.json) printJson(io, { rootHash })
  else io.stdout(`${rootHash}\n`)
  return 0
}
aciLayerHash.about =
  'The dm-verity root hash of a layer tar (gzip accepted) as hcsshim tar2ext4 + dm-verity compute it for ACI confidential containers.'
