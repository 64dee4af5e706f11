import { unavailable } from './unavailable.js'

export const verify = unavailable('verify', 6)
