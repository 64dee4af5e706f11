import { resolve } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { actionInputName } from '../../util/input-name.js'
import { readLayout, type LayoutImage } from '../image/layout.js'
import type { PinnedInput, TargetContext } from '../target.js'
import type { OciOptions } from './options.js'

/**
 * The base image: a registry image pinned by digest (pulled through the
 * pipeline's OCI client, as `oci image --base` pulls it), a local layout,
 * or none (scratch); with what provenance records as its pin.
 */
export async function openBase(
  ctx: TargetContext,
  o: OciOptions,
  architecture: string
): Promise<
  { image: LayoutImage & { reference?: string }; pin: PinnedInput } | undefined
> {
  const input = ctx.input ?? actionInputName
  const remote = o['oci-base'] !== '' && o['oci-base'] !== 'scratch'
  if (remote && o['oci-base-layout'] !== '')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `give ${input('oci-base')} or ${input('oci-base-layout')}, not both`
    )
  if (remote) {
    if (!ctx.pullImage)
      throw new EnclaveBuildError(
        'INTERNAL',
        'the oci target was run without a registry client for oci-base'
      )
    const image = await ctx.pullImage(
      o['oci-base'],
      input('oci-base'),
      architecture
    )
    ctx.log(
      `base ${image.reference}: linux/${architecture} manifest ${image.manifestDigest}, ${image.manifest.layers.length} layer(s), each checked against its digest`
    )
    return {
      image,
      // what the user pinned: the index digest for a multi-platform base
      pin: {
        name: 'base-image',
        path: image.reference,
        sha256: image.reference.slice(image.reference.lastIndexOf(':') + 1)
      }
    }
  }
  if (o['oci-base-layout'] === '') return undefined
  const image = await readLayout(resolve(o['oci-base-layout']))
  return {
    image,
    pin: {
      name: 'base-manifest',
      path: o['oci-base-layout'],
      sha256: image.manifestDigest.slice(7)
    }
  }
}
