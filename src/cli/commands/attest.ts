import { unavailable } from './unavailable.js'

export const attestSign = unavailable('attest sign', 5)
