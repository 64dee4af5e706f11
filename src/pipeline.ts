import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { AttestDeps } from './attest/run.js'
import type { CacheApi } from './go/cache.js'
import { buildReproducibly } from './go/reproducible.js'
import { restoreGoCache } from './go/restore.js'
import { targetOptions, type Inputs } from './inputs.js'
import type { BuildRecord } from './model/build-record.js'
import type { SummarySection } from './model/summary.js'
import type { TargetResult } from './model/target-result.js'
import { runTarget, warmUpTarget } from './targets/index.js'
import type { Exec } from './util/exec.js'
import { fileError, writeFileAtomic } from './util/fs.js'
import type { FetchFn } from './util/http.js'
import { actionInputName, type InputName } from './util/input-name.js'
import { VERSION } from './version.js'

/**
 * Where the pipeline reports and what it may touch. The action passes
 * @actions/core's functions; `enclave-build build` passes stderr and a map
 * of outputs. Everything that decides a byte of an artefact is in the
 * inputs, never here, so that the action and the command line cannot give
 * different artefacts or measurements for the same inputs.
 */
export interface PipelineHost {
  exec: Exec
  env: NodeJS.ProcessEnv
  /** What relative paths of the inputs are relative to (GITHUB_WORKSPACE, or the CLI's cwd). */
  workspace: string
  info: (message: string) => void
  warning: (message: string) => void
  /** Runs `work` as a titled group of log lines. */
  group: <T>(title: string, work: () => Promise<T>) => Promise<T>
  setOutput: (name: string, value: string) => void
  /**
   * How every stage's messages name an input: the action's `cgo-sysroot`
   * (absent: that), `enclave-build build`'s `--cgo-sysroot`. The stages get
   * it rather than knowing who called.
   */
  input?: InputName
  /** The Go cache service and where its keys are remembered for the post step; none: no cache. */
  cache?: { api: CacheApi; saveState: (key: string, value: string) => void }
  /** Writes the job summary (the action's); absent: none. */
  summary?: (
    record: BuildRecord,
    target: TargetResult | undefined,
    extra: SummarySection[]
  ) => Promise<void>
  /**
   * The checks of the inputs that a schema cannot make (src/preflight.ts),
   * and the inputs as provenance records them (inputs.ts publicInputs):
   * passed in by both callers, so that this module stays below them.
   */
  preflight: (inputs: Inputs, input: InputName) => Promise<void>
  publicInputs: (inputs: Inputs) => Record<string, unknown>
  /** Overrides for the attestation stage (tests: mock Sigstore, fetch). */
  attest?: Partial<AttestDeps>
  fetch?: FetchFn
}

/** What the pipeline made. */
export interface PipelineResult {
  record: BuildRecord
  target?: TargetResult
  outputs: Record<string, string>
}

/** Where artefacts go: the input, else a folder under RUNNER_TEMP. */
export function outputDirectory(
  inputs: Inputs,
  workspace: string,
  env: NodeJS.ProcessEnv
): string {
  if (inputs['output-directory'] !== '')
    return resolve(workspace, inputs['output-directory'])
  return join(env.RUNNER_TEMP ?? tmpdir(), 'enclave-build')
}

/**
 * The build mode of the action and of `enclave-build build`: the Go build
 * with its rebuild check, the target, the attestation and the publish,
 * with every default taken from the parsed inputs.
 */
export async function runPipeline(
  inputs: Inputs,
  host: PipelineHost
): Promise<PipelineResult> {
  const outputs: Record<string, string> = {}
  const setOutput = (name: string, value: string | undefined): void => {
    if (value === undefined) return
    outputs[name] = value
    host.setOutput(name, value)
  }
  const input = host.input ?? actionInputName
  const dir = resolve(host.workspace, inputs['working-directory'])
  // keys, templates and target files checked before any work
  await host.preflight(inputs, input)
  const outDir = outputDirectory(inputs, host.workspace, host.env)
  // a file in the way, a read-only or full disk: coded, naming the path
  await mkdir(outDir, { recursive: true }).catch((err: unknown) => {
    throw fileError(err, outDir, input('output-directory'), 'create')
  })
  await warmUpTarget(inputs.target)

  if (inputs.cache && host.cache) {
    const cache = host.cache
    await restoreGoCache({
      exec: host.exec,
      env: host.env,
      dir,
      goVersion: inputs['go-version'],
      cache: cache.api,
      saveState: (k, v) => cache.saveState(k, v),
      log: host.info
    }).catch((err: Error) => {
      // a cache is an optimisation; a toolchain problem shows up in the build
      host.warning(`Go cache restore failed: ${err.message}`)
    })
  }

  const record = await host.group('Reproducible Go build', () =>
    buildReproducibly(
      {
        dir,
        package: inputs.package,
        output: join(outDir, inputs.output),
        ldflags: inputs.ldflags,
        tags: inputs.tags.split(/[,\s]+/).filter((t) => t !== ''),
        cgo: inputs.cgo,
        goamd64: inputs.goamd64,
        goarch: inputs.goarch,
        pgo: inputs.pgo,
        goVersion: inputs['go-version'] ?? '',
        rebuildCheck: inputs['rebuild-check']
      },
      { exec: host.exec, env: host.env, log: host.info, input }
    )
  )
  const recordPath = join(outDir, 'build-record.json')
  await writeFileAtomic(recordPath, `${JSON.stringify(record, null, 2)}\n`)
  setOutput('binary', record.binary.path)
  setOutput('sha256', record.binary.sha256)
  setOutput('go-version', record.goVersion)
  setOutput('reproducible', String(record.reproducible))
  setOutput('build-record', recordPath)
  host.info(`${record.binary.sha256}  ${record.binary.path}`)

  let target: TargetResult | undefined
  if (inputs.target !== 'none') {
    const name = inputs.target
    target = await host.group(`Target ${name}`, () =>
      runTarget(name, targetOptions(inputs, name), {
        build: record,
        binaryPath: record.binary.path,
        outDir,
        commitTime: new Date(record.source.commitTime),
        cgoSysroot:
          inputs['cgo-sysroot'] === ''
            ? ''
            : resolve(host.workspace, inputs['cgo-sysroot']),
        exec: host.exec,
        env: host.env,
        input,
        pullImage: async (reference, input, architecture) =>
          (await import('./oci/pull.js')).pullImage(reference, {
            env: host.env,
            input,
            architecture,
            ...(host.fetch ? { fetch: host.fetch } : {})
          }),
        log: host.info,
        warn: host.warning
      })
    )
    for (const [k, v] of Object.entries(target.outputs ?? {}))
      setOutput(k, v as string | undefined)
  }
  let extra: SummarySection[] = []
  let bundlePath: string | undefined
  if (inputs.attest && !target)
    host.info(
      `${input('target', 'none')}, so there is no measurement to attest`
    )
  if (inputs.attest && target) {
    const result = target
    const attest = inputs.attest
    await host.group(`Attestation (${attest.signing})`, async () => {
      const { attestResult } = await import('./attest/run.js')
      const outcome = await attestResult({
        result,
        build: record,
        options: attest,
        deps: {
          env: host.env,
          outDir,
          toolVersion: VERSION,
          inputs: host.publicInputs(inputs),
          log: host.info,
          setOutput: (k, v) => setOutput(k, v),
          input,
          ...host.attest
        }
      })
      for (const [k, v] of Object.entries(outcome.outputs)) setOutput(k, v)
      extra = outcome.summary
      bundlePath = outcome.bundlePath
    })
  }
  if (inputs.publish?.publish && target) {
    const result = target
    const publish = inputs.publish
    await host.group(`Publish ${publish.publish}`, async () => {
      const { publishForAction } = await import('./publish/run.js')
      const token = inputs.attest?.['github-token']
      const published = await publishForAction({
        options: publish,
        result,
        build: record,
        ...(bundlePath ? { bundlePath } : {}),
        ...(token && !token.startsWith('${{') ? { githubToken: token } : {}),
        env: host.env,
        ...(host.fetch ? { fetch: host.fetch } : {}),
        log: host.info,
        warn: host.warning,
        input
      })
      for (const [k, v] of Object.entries(published.outputs)) setOutput(k, v)
      extra.push({
        heading: 'Published',
        rows: [['Artifact', `<code>${published.result.reference}</code>`]]
      })
    })
  } else if (inputs.publish?.publish)
    host.warning(`${input('publish')} needs a target: nothing was pushed`)
  if (inputs['show-summary'] && host.summary)
    await host.summary(record, target, extra)
  return { record, ...(target ? { target } : {}), outputs }
}
