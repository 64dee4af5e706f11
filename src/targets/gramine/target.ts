import { cp, mkdir, rm, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { measurement } from '../../model/measurement.js'
import { readInputFile, readInputText, sha256Hex } from '../../util/fs.js'
import { writeFileSet } from '../../util/file-set.js'
import { MAX_MANIFEST_BYTES } from '../../util/limits.js'
import { generateSgxKeyPem } from '../sgx/key.js'
import type { Target, TargetContext, TargetResult } from '../target.js'
import { actionInputName, type InputName } from '../../util/input-name.js'
import { crossCheck, which } from './crosscheck.js'
import type { GramineOutput, GramineOptions } from './options.js'
import { finalizeManifest, signManifest } from './pipeline.js'
import { checkBinaryPath, placeBinary } from './place.js'
import { parseDefines, renderTemplate } from './template.js'

/**
 * The Gramine target of the action: stages the built binary in an enclave
 * root, renders and finalises the manifest, signs it (date = commit date,
 * so a rebuild of the same commit gives the same .sig), and cross-checks
 * with gramine-sgx-sign when it is installed.
 */

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false
  )
}

/** gramine-vars: one key=value per line; blank lines and # comments ignored. */
export function parseVars(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
}

/** The commit date as YYYY-MM-DD in UTC: the SIGSTRUCT DATE. */
export function commitDate(t: Date): string {
  return t.toISOString().slice(0, 10)
}

async function stageRoot(
  ctx: TargetContext,
  o: GramineOptions,
  binaryPath: string
): Promise<string> {
  const root = join(ctx.outDir, 'gramine-root')
  await rm(root, { recursive: true, force: true })
  await mkdir(root, { recursive: true })
  const copy = { recursive: true, verbatimSymlinks: true }
  const pkglib = o['gramine-pkglibdir']
  if (o['gramine-root'] !== '') await cp(o['gramine-root'], root, copy)
  else if (await exists(pkglib)) await cp(pkglib, join(root, pkglib), copy)
  await placeBinary(
    ctx.binaryPath,
    root,
    binaryPath,
    ctx.input ?? actionInputName
  )
  return root
}

async function pickLibpal(
  o: GramineOptions,
  root: string,
  name: InputName
): Promise<string> {
  if (o.libpal !== '') return resolve(o.libpal)
  const rel = `${o['gramine-pkglibdir']}/sgx/libpal.so`
  const staged = join(root, rel)
  if (await exists(staged)) return staged
  if (await exists(rel)) return rel
  throw new EnclaveBuildError(
    'FILE_NOT_FOUND',
    `no libpal.so at ${rel}: install Gramine, set ${name('gramine-root')} to pinned Gramine files, or set ${name('libpal')}`
  )
}

/** The Gramine target; the outside world (exec, env) comes with the context. */
export const gramineTarget: Target<GramineOptions, GramineOutput> = {
  name: 'gramine',
  async run(
    ctx: TargetContext,
    o: GramineOptions
  ): Promise<TargetResult<GramineOutput>> {
    const deps = { exec: ctx.exec, env: ctx.env }
    const input = ctx.input ?? actionInputName
    const binaryPath =
      o['gramine-binary-path'] || `/app/${basename(ctx.binaryPath)}`
    // checked before the staging root is touched
    checkBinaryPath(binaryPath, input)
    const root = await stageRoot(ctx, o, binaryPath)
    const variables = {
      entrypoint: binaryPath,
      arch_libdir: '/lib/x86_64-linux-gnu',
      ...parseDefines(parseVars(o['gramine-vars']))
    }
    const template = await readInputText(
      o['manifest-template'],
      input('manifest-template'),
      { maxBytes: MAX_MANIFEST_BYTES }
    )
    // The runner's environment is not offered to the template: it would
    // make the measurement depend on the machine.
    const rendered = renderTemplate(template, {
      variables,
      env: {},
      pkglibdir: o['gramine-pkglibdir'],
      chroot: root, // ldd() reads the staged enclave root
      lddSkipMissing: o['gramine-ldd-skip-missing'],
      lddSkipInput: input('gramine-ldd-skip-missing', 'true')
    })
    for (const p of [
      deps.env.GITHUB_WORKSPACE,
      deps.env.RUNNER_TEMP,
      ctx.outDir
    ])
      if (p && rendered.includes(p))
        ctx.warn(
          `the rendered manifest contains the runner path ${p}: MRENCLAVE will depend on where the build ran; use paths inside the enclave`
        )
    const fsOpts = {
      chroot: root,
      pkglibdir: o['gramine-pkglibdir'],
      warn: ctx.warn
    }
    const manifest = await finalizeManifest(rendered, fsOpts)
    const name = basename(o['manifest-template']).replace(
      /(\.manifest)?\.template$/,
      ''
    )
    const manifestPath = join(ctx.outDir, `${name}.manifest`)

    let keyPem = o['signing-key']
    if (keyPem.trim() === '') {
      ctx.warn(
        `no ${input('signing-key')} given: signing with a throw-away key, so MRSIGNER identifies nothing; pass a key from a secret for releases`
      )
      keyPem = generateSgxKeyPem()
    }
    const libpal = await pickLibpal(o, root, input)
    const libpalBytes = await readInputFile(libpal, input('libpal'))
    const date = commitDate(ctx.commitTime)
    const [y, m, d] = date.split('-').map(Number)
    const passphrase = o['signing-key-passphrase'] || undefined
    const signed = await signManifest({
      manifest,
      libpal: libpalBytes,
      keyPem,
      passphrase,
      date: { year: y, month: m, day: d },
      ...fsOpts
    })
    const sgxPath = join(ctx.outDir, `${name}.manifest.sgx`)
    const sigPath = join(ctx.outDir, `${name}.sig`)
    // the three appear together or not at all
    await writeFileSet(
      [
        { path: manifestPath, data: manifest },
        { path: sgxPath, data: signed.manifestSgx },
        { path: sigPath, data: signed.sig }
      ],
      { overwrite: true }
    )
    ctx.log(
      `gramine: MRENCLAVE ${signed.mrenclave}, MRSIGNER ${signed.mrsigner}`
    )

    const tool = await which('gramine-sgx-sign', deps.env)
    if (tool) {
      ctx.log(`gramine: cross-checking with ${tool}`)
      await crossCheck(
        {
          tool,
          manifestPath,
          libpal,
          keyPem,
          passphrase,
          date,
          chroot: root,
          expectedMrenclave: signed.mrenclave
        },
        deps
      )
    }
    const libpalSha = sha256Hex(libpalBytes)
    return {
      target: 'gramine',
      artifacts: [
        { kind: 'manifest', path: manifestPath, sha256: sha256Hex(manifest) },
        {
          kind: 'manifest-sgx',
          path: sgxPath,
          sha256: sha256Hex(signed.manifestSgx)
        },
        { kind: 'sigstruct', path: sigPath, sha256: sha256Hex(signed.sig) }
      ],
      measurements: [measurement('MRENCLAVE', 'sha256', signed.mrenclave)],
      signer: { mrsigner: signed.mrsigner },
      pinned: [{ name: 'libpal', path: libpal, sha256: libpalSha }],
      outputs: {
        mrenclave: signed.mrenclave,
        mrsigner: signed.mrsigner,
        isvprodid: String(signed.isvprodid),
        isvsvn: String(signed.isvsvn),
        debug: String(signed.debug),
        'manifest-sgx': sgxPath,
        sig: sigPath
      },
      parameters: {
        gramineVersion: 'v1.9',
        binaryPath,
        templateVariables: Object.fromEntries(
          Object.entries(variables).map(([k, v]) => [k, String(v)])
        ),
        pkglibdir: o['gramine-pkglibdir'],
        sigstructDate: date,
        crossCheckedWith: tool ?? null
      }
    }
  }
}
