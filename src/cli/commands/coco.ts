import { resolve } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import {
  declaredAlgorithm,
  INITDATA_ALGORITHMS,
  initdataAlgorithm,
  initdataDigest,
  writeInitdata,
  type InitdataDigest
} from '../../targets/coco/initdata.js'
import { readInputFile, writeFileAtomic } from '../../util/fs.js'
import { parse, required } from '../args.js'
import { printJson, type CliIO, type Command } from '../io.js'

/**
 * `enclave-build coco initdata|initdata-digest`: the Confidential
 * Containers initdata document and the values a TEE reports for it.
 */

/** Largest initdata document or entry read (the pod annotation is far smaller). */
const MAX_INITDATA_BYTES = 1 << 20

function printDigest(
  io: CliIO,
  d: InitdataDigest,
  json: boolean,
  extra: Record<string, string> = {}
): void {
  if (json) printJson(io, { ...extra, ...d })
  else
    io.stdout(
      `${Object.entries({ ...extra, ...d })
        .map(([k, v]) => `${k}: ${v ?? '-'}`)
        .join('\n')}\n`
    )
}

/** `coco initdata --output F.toml [--algorithm A] [--file NAME=PATH]...` */
export const cocoInitdata: Command = async (args, io) => {
  const { values: v } = parse(args, {
    output: {
      type: 'string',
      short: 'o',
      arg: 'F.toml',
      required: true,
      help: 'where to write the initdata TOML'
    },
    algorithm: {
      type: 'string',
      default: 'sha384',
      choices: INITDATA_ALGORITHMS,
      help: 'sha256, sha384 (default) or sha512'
    },
    file: {
      type: 'string',
      multiple: true,
      arg: 'NAME=PATH',
      file: {
        kind: 'text',
        path: (v: string) => (v.includes('=') ? v.slice(v.indexOf('=') + 1) : v)
      },
      help: 'a [data] entry (policy.rego, aa.toml, cdh.toml, ...); repeatable'
    },
    json: {
      type: 'boolean',
      default: false,
      help: 'Print {"path", "algorithm", "digest", "snpHostData", "tdxMrConfigId", "pcr8"}.'
    }
  })
  const output = resolve(io.cwd, required(v.output, '--output'))
  const algorithm = initdataAlgorithm(v.algorithm)
  const files = new Map<string, string>()
  for (const spec of v.file ?? []) {
    const eq = spec.indexOf('=')
    if (eq <= 0 || eq === spec.length - 1)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `--file takes NAME=PATH, not ${JSON.stringify(spec)}`
      )
    const name = spec.slice(0, eq)
    if (files.has(name))
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `--file ${name} is given twice`
      )
    const bytes = await readInputFile(
      resolve(io.cwd, spec.slice(eq + 1)),
      `--file ${name}`,
      {
        maxBytes: MAX_INITDATA_BYTES
      }
    )
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `--file ${name} is not UTF-8 text; initdata entries are TOML strings`
      )
    }
    files.set(name, text)
  }
  const doc = writeInitdata(files, algorithm)
  await writeFileAtomic(output, doc)
  printDigest(io, initdataDigest(Buffer.from(doc, 'utf8'), algorithm), v.json, {
    path: output
  })
  return 0
}
cocoInitdata.about =
  'Writes a Confidential Containers initdata TOML (entries sorted by name) and prints its digest.'

/** `coco initdata-digest F.toml [--algorithm A]` */
export const cocoInitdataDigest: Command = async (args, io) => {
  const { values: v, positionals } = parse(
    args,
    {
      algorithm: {
        type: 'string',
        choices: INITDATA_ALGORITHMS,
        help: "hash with this instead of the document's own `algorithm`"
      },
      json: {
        type: 'boolean',
        default: false,
        help: 'Print {"algorithm", "digest", "snpHostData", "tdxMrConfigId", "pcr8"}.'
      }
    },
    { positionals: 'F.toml' }
  )
  if (positionals.length !== 1)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give exactly one initdata file: enclave-build coco initdata-digest F.toml'
    )
  const doc = await readInputFile(
    resolve(io.cwd, positionals[0]),
    'the initdata document',
    {
      maxBytes: MAX_INITDATA_BYTES
    }
  )
  const algorithm =
    v.algorithm !== undefined
      ? initdataAlgorithm(v.algorithm)
      : declaredAlgorithm(doc)
  printDigest(io, initdataDigest(doc, algorithm), v.json)
  return 0
}
cocoInitdataDigest.about =
  'The digest of the exact bytes of an initdata document (by its own `algorithm` unless --algorithm), as SNP HOST_DATA, TDX MRCONFIGID and PCR 8.'
