import { unavailable } from './unavailable.js'

export const goBuild = unavailable('go build', 2)
