import * as nodeModule from 'node:module'
import { processIO } from './io.js'

// Node's on-disk compile cache makes every later start of the command line
// faster (measure subcommands should take tens of milliseconds).
nodeModule.enableCompileCache?.()

const { cli } = await import('./main.js')
/* istanbul ignore next */
process.exitCode = await cli(process.argv.slice(2), processIO())
