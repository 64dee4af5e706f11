/**
 * CPU time (user + system) of benchmarks: on a shared machine wall clock
 * measures the neighbours, CPU time measures the job. Whole processes are
 * timed in paired rounds (ours, the peer, the floor, one after another, in
 * the same sitting), each round a loop of `batch` runs under one bash whose
 * `times` builtin reports its children's CPU time (getrusage, microseconds
 * rounded to milliseconds; a batch makes that resolution negligible).
 */
import { spawnSync } from 'node:child_process'

/** A whole process to time: the command line and where it runs. */
export interface Job {
  cmd: string
  args: string[]
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** The job is an error path: a non-zero exit is its answer. */
  fails?: boolean
}

/** Median and minimum, in milliseconds of CPU per run. */
export interface Cpu {
  median: number
  min: number
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** `times` prints the shell's line, then its children's: "0m0.123s 0m0.045s". */
function childSeconds(out: string): number {
  const line = out.trim().split('\n').at(-1) ?? ''
  const m = [...line.matchAll(/(\d+)m([\d.]+)s/g)]
  if (m.length !== 2) throw new Error(`unexpected times output: ${out}`)
  return m.reduce((s, x) => s + Number(x[1]) * 60 + Number(x[2]), 0)
}

/** CPU ms per run of `job`, averaged over `batch` runs in one bash. */
export function processBatch(job: Job, batch: number): number {
  const r = spawnSync(
    'bash',
    [
      '-c',
      'n=$1; f=$2; shift 2; for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 || [ "$f" = 1 ] || exit 97; done; times',
      'bench',
      String(batch),
      job.fails ? '1' : '0',
      job.cmd,
      ...job.args
    ],
    {
      cwd: job.cwd,
      env: job.env ?? process.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  if (r.status !== 0)
    throw new Error(
      `${job.cmd} ${job.args.join(' ')} failed (status ${r.status})`
    )
  return (childSeconds(r.stdout) * 1000) / batch
}

/**
 * Times several jobs in paired rounds: each round runs every job once
 * (a batch each), so a load spike hits all sides alike.
 */
export function pairedProcesses(
  jobs: Record<string, Job>,
  rounds = 5,
  batch = 5
): Record<string, Cpu> {
  const xs: Record<string, number[]> = {}
  for (const k of Object.keys(jobs)) xs[k] = []
  for (let r = 0; r < rounds; r++)
    for (const [k, job] of Object.entries(jobs))
      xs[k].push(processBatch(job, batch))
  const out: Record<string, Cpu> = {}
  for (const [k, v] of Object.entries(xs))
    out[k] = { median: median(v), min: Math.min(...v) }
  return out
}

/** CPU ms of one call of `fn` in this process. */
export function cpuOf(fn: () => void): number {
  const start = process.cpuUsage()
  fn()
  const d = process.cpuUsage(start)
  return (d.user + d.system) / 1000
}

/**
 * In-process jobs in paired rounds, after three warm-up calls each (the
 * steady state; a cold first call is a separate row where it matters).
 */
export function pairedInProcess(
  fns: Record<string, () => void>,
  rounds = 7
): Record<string, Cpu> {
  for (let i = 0; i < 3; i++) for (const fn of Object.values(fns)) fn()
  const xs: Record<string, number[]> = {}
  for (const k of Object.keys(fns)) xs[k] = []
  for (let r = 0; r < rounds; r++)
    for (const [k, fn] of Object.entries(fns)) xs[k].push(cpuOf(fn))
  const out: Record<string, Cpu> = {}
  for (const [k, v] of Object.entries(xs))
    out[k] = { median: median(v), min: Math.min(...v) }
  return out
}
