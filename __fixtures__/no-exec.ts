import type { Exec } from '../src/util/exec.js'

/** An Exec for targets that must run no program: calling it fails the test. */
export const noExec: Exec = (file) =>
  Promise.reject(new Error(`this target must not run programs, ran ${file}`))
